"""POST /302/headshot/generate: apply the out-of-range rules and answer with `num` links to
placeholder WebP images of the replaced width x height. The image itself has been
checked by then (image_input, from the spec's `x-image-types`)."""

from __future__ import annotations

from typing import Any

from mockserver.context import CallContext
from mockserver.image_route import image_urls


def generate_headshot(ctx: CallContext) -> dict[str, Any]:
    data = ctx.data
    rules = ctx.operation.out_of_range
    num = rules["num"].apply(data.get("num"))
    width = rules["width"].apply(data.get("width"))
    height = rules["height"].apply(data.get("height"))
    params = (("text", _label(ctx)), ("person", data["person_type"]))
    urls = image_urls(ctx.base_url, "headshot", width, height, "webp", params, num)
    return {"headshot_url_list": urls}


def _label(ctx: CallContext) -> str:
    """The page: a non-empty custom_prompt wins over style."""
    prompt = ctx.data.get("custom_prompt")
    if isinstance(prompt, str) and prompt.strip():
        return prompt.strip()[:120]
    style = ctx.data.get("style")
    if style is None:
        return "no style"
    # The schema's enum has already refused unknown ids.
    return ctx.operation.enum_names["style"][style]
