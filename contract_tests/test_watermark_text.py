"""The watermark renders CJK text as real glyphs, and its default text comes from the spec.

The default watermark is Chinese ("AI生成"); Pillow's built-in font draws every CJK
character as the same empty box, so two texts that differ only in CJK characters would
render alike. The mock ships an OFL-licensed CJK font inside its package.
"""

from __future__ import annotations

import base64
import io
import json
import tomllib
from importlib import resources
from typing import Any

import pytest
from PIL import Image, ImageChops
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH
from contract_tests.images import data_uri
from contract_tests.specfile import PORTRAIT, PORTRAIT_SUBMIT, ROOT, load_spec

LOGO = load_spec()["components"]["schemas"]["LogoInfo"]["properties"]


def watermarked(client: TestClient, task_id: str, **logo: Any) -> Image.Image:
    req_json = json.dumps({"logo_info": {"add_logo": True, **logo}})
    body = client.post(PORTRAIT, json={"task_id": task_id, "req_json": req_json}).json()
    (encoded,) = body["data"]["binary_data_base64"]
    return Image.open(io.BytesIO(base64.b64decode(encoded))).convert("RGB")


@pytest.fixture
def task_id(client: TestClient) -> str:
    body = {"image_input": data_uri(), "width": 512, "height": 512}
    answer: str = client.post(PORTRAIT_SUBMIT, json=body, headers=AUTH).json()["data"]["task_id"]
    return answer


def _same(a: Image.Image, b: Image.Image) -> bool:
    return ImageChops.difference(a, b).getbbox() is None


@pytest.mark.parametrize(
    ("first", "second"),
    [("水印甲", "水印乙"), ("AI生成", "AI成生"), ("ひらがな", "カタカナ")],
)
def test_two_watermarks_differing_only_in_cjk_characters_render_differently(
    client: TestClient, task_id: str, first: str, second: str
) -> None:
    one = watermarked(client, task_id, logo_text_content=first)
    two = watermarked(client, task_id, logo_text_content=second)
    assert not _same(one, two)


def test_the_default_watermark_text_is_the_specs_name_for_the_default_language(
    client: TestClient, task_id: str
) -> None:
    default_text = LOGO["language"]["x-enum-names"][LOGO["language"]["default"]]
    by_default = watermarked(client, task_id)
    spelled_out = watermarked(client, task_id, logo_text_content=default_text)
    assert _same(by_default, spelled_out)
    # And each language's text is what the spec names it.
    for language, text in zip(
        LOGO["language"]["enum"], LOGO["language"]["x-enum-names"], strict=True
    ):
        assert _same(
            watermarked(client, task_id, language=language),
            watermarked(client, task_id, logo_text_content=text),
        )


def test_the_font_and_its_licence_ship_inside_the_package_under_5_mb() -> None:
    fonts = resources.files("mockserver") / "fonts"
    (ttf,) = [item for item in fonts.iterdir() if item.name.endswith(".ttf")]
    assert len(ttf.read_bytes()) <= 5 * 1024 * 1024
    assert "SIL Open Font License" in (fonts / "OFL.txt").read_text(encoding="utf-8")
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"
    ]["mockserver"]
    assert {"fonts/*.ttf", "fonts/*.txt"} <= set(package_data)


def test_a_watermark_text_no_font_can_draw_still_yields_an_image_not_a_500(
    client: TestClient, task_id: str
) -> None:
    # Unassigned code points and controls, as schemathesis sent them: the text layout
    # engine raqm failed on them with a RuntimeError, which the mock answered with 500.
    text = json.loads('"\\ud9a2\\udd0c}\\u0085\\u00f5\\u007f\\udbfc\\ude6f"')
    logo = {"add_logo": True, "language": 1, "logo_text_content": text}
    req_json = json.dumps({"logo_info": logo})
    response = client.post(PORTRAIT, json={"task_id": task_id, "req_json": req_json})
    assert response.status_code == 200
    (encoded,) = response.json()["data"]["binary_data_base64"]
    assert Image.open(io.BytesIO(base64.b64decode(encoded))).format == "PNG"
