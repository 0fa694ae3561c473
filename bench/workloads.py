"""The benchmark's request bodies, built once, and wrk Lua scripts that send them."""

from __future__ import annotations

import base64
import io
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from contract_tests.seedpages import PortraitPage

AUTH = "Bearer sk-bench"


@dataclass(frozen=True)
class Workload:
    name: str
    path: str
    content_type: str
    body: bytes


def noise_png(side: int, seed: int) -> bytes:
    """A PNG that does not compress, so its size is predictable."""
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _json(path: str, payload: object) -> tuple[str, str, bytes]:
    return path, "application/json", json.dumps(payload, ensure_ascii=False).encode()


def _multipart(png: bytes) -> tuple[str, str, bytes]:
    boundary = "benchBoundary7MA4YWxkTrZu0gW"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="image"; filename="me.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + png
        + (
            f"\r\n--{boundary}\r\n"
            'Content-Disposition: form-data; name="person_type"\r\n\r\nfemale\r\n'
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="num"\r\n\r\n2\r\n'
            f"--{boundary}--\r\n"
        ).encode()
    )
    return "/302/headshot/generate", f"multipart/form-data; boundary={boundary}", body


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def workloads() -> list[Workload]:
    png_100k = noise_png(160, seed=1)  # ~77 KB raw, ~100 KB as base64
    base = {"person_type": "female", "num": 2}
    made = [
        (
            "1-json-url",
            _json("/302/headshot/generate", {"image": "https://example.com/me.jpg", **base}),
        ),
        (
            "2-json-100kb-data-uri",
            _json("/302/headshot/generate", {"image": data_uri(png_100k), **base}),
        ),
        ("3-multipart-100kb-png", _multipart(png_100k)),
        (
            "4-portrait-page-example",
            _json("/doubao/drawing/portrait_result", PortraitPage.request_example),
        ),
    ]
    return [Workload(name, path, ctype, body) for name, (path, ctype, body) in made]


def big_data_uri_body() -> bytes:
    """Workload 5: a ~10 MB base64 image in a JSON body."""
    png = noise_png(1600, seed=5)
    return json.dumps({"image": data_uri(png), "person_type": "male"}).encode()


def _lua_string(data: bytes) -> str:
    out = []
    for byte in data:
        char = chr(byte)
        # Three digits always: Lua reads up to three after a backslash ("\13" + "1" is "\131").
        out.append(char if 32 <= byte < 127 and char not in '"\\' else f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def lua_script(workload: Workload, folder: Path) -> Path:
    path = folder / f"{workload.name}.lua"
    path.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {_lua_string(workload.body)}\n"
        f'wrk.headers["Content-Type"] = "{workload.content_type}"\n'
        f'wrk.headers["Authorization"] = "{AUTH}"\n'
    )
    os.chmod(path, 0o644)
    return path
