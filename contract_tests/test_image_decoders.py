"""The mock loads only the Pillow decoders the spec's `x-image-types` need, and reads each
MIME type as the decoder Pillow would pick with every plugin loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from contract_tests.specfile import load_spec

SPEC = load_spec()


def spec_image_types() -> list[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            found.update(node.get("x-image-types", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(SPEC)
    return sorted(found)


def run(code: str) -> Any:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_each_spec_image_type_maps_to_the_decoder_a_full_init_picks() -> None:
    types = spec_image_types()
    assert types  # the spec names image types
    code = f"""
import json
from PIL import Image
from mockserver.image_input import load_decoders
types = {types!r}
few = {{m: n for m, n in load_decoders(tuple(types)).items() if m in types}}
Image.init()
full = {{m: n for n, m in Image.MIME.items() if m in types}}
print(json.dumps([few, full]))
"""
    few, full = run(code)
    assert few == full
    assert sorted(few) == types


def test_building_the_mock_imports_only_the_decoders_it_needs() -> None:
    code = """
import json, sys
from mockserver.app import create_app
create_app()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("PIL.") and m.endswith("Plugin"))))
"""
    plugins = run(code)
    assert isinstance(plugins, list)
    # Image.init() would import ~45; preinit's five and the spec's types are what is left.
    assert "PIL.PdfImagePlugin" not in plugins
    assert len(plugins) <= 5 + len(spec_image_types()), plugins
