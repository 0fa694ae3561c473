"""The mock's image URLs: the URL carries everything needed to render, so the route is
stateless and any mock process can serve any URL. Sizes and text are bounded."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from mockserver.errors import MockError
from mockserver.renderer import render

PREFIX = "/_mock/images/"
MAX_SIDE = 2048
MAX_TEXT = 200
_NAME = re.compile(r"(headshot|portrait)-(\d{1,4})x(\d{1,4})\.(webp|png)")
_MEDIA = {"webp": "image/webp", "png": "image/png"}
_PARAMS = frozenset({"text", "person", "i", "wm", "pos"})


def image_urls(
    base: str,
    kind: str,
    width: int,
    height: int,
    ext: str,
    params: tuple[tuple[str, str], ...],
    count: int,
) -> list[str]:
    """`count` URLs that differ only in their index `i` (1-based); `params` are the
    query's other pairs, in order."""
    prefix = base + _path_and_query(kind, width, height, ext, params)
    # A loop, not a comprehension: on 3.11 a comprehension is a function of its own,
    # made and called on every answer, and costs more than the links.
    urls = []
    for index in range(1, count + 1):
        urls.append(prefix + str(index))
    return urls


@lru_cache(maxsize=1024)
def _path_and_query(
    kind: str, width: int, height: int, ext: str, params: tuple[tuple[str, str], ...]
) -> str:
    # Sizes and labels (style names, person types) repeat, and percent-encoding is the
    # costly part of a link. The host is left out of the key: it is the client's Host
    # header, up to a whole head long, and would make each entry that large.
    return f"{PREFIX}{kind}-{width}x{height}.{ext}?{urlencode(params)}&i="


def render_from_url(
    name: str, query: dict[str, str], corners: Mapping[int, str]
) -> tuple[bytes, str]:
    """Render the image a URL names; MockError(404/400) for anything out of bounds.

    `pos` is a watermark position as the spec numbers them (LogoInfo.position);
    `corners` names each one."""
    match = _NAME.fullmatch(name)
    if match is None:
        raise MockError(404, "image_link.unknown", name=repr(name[:80]))
    kind, width, height, ext = (
        match.group(1),
        int(match.group(2)),
        int(match.group(3)),
        match.group(4),
    )
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise MockError(400, "image_link.size", limit=MAX_SIDE)
    unknown = set(query) - _PARAMS
    if unknown:
        raise MockError(400, "image_link.unknown_parameter", name=repr(sorted(unknown)[0][:40]))
    if any(len(v) > MAX_TEXT for v in query.values()):
        raise MockError(400, "image_link.parameter_too_long", limit=MAX_TEXT)
    corner = ""
    if "pos" in query:
        allowed = {str(position): name for position, name in corners.items()}
        if query["pos"] not in allowed:
            raise MockError(400, "image_link.position", allowed=", ".join(allowed))
        corner = allowed[query["pos"]]
    lines = (query.get("text", kind), query.get("person", ""), f"#{query.get('i', '1')}")
    data = render(width, height, lines, ext.upper(), query.get("wm", ""), corner)
    return data, _MEDIA[ext]


async def serve_image(request: Request, corners: Mapping[int, str]) -> Response:
    data, media = render_from_url(request.path_params["name"], dict(request.query_params), corners)
    return Response(data, media_type=media, headers={"Cache-Control": "public, max-age=86400"})
