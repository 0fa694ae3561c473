"""The benchmark's request bodies, built once, and wrk Lua scripts that send them.

Pillow and the seed pages are imported where the bodies are built: the ceiling takes its
paths from here, and its start-up is the floor the mock's is measured against.
"""

from __future__ import annotations

import base64
import io
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

AUTH = "Bearer sk-bench"
HEADSHOT = "/302/headshot/generate"
PORTRAIT = "/doubao/drawing/portrait_result"


@dataclass(frozen=True)
class Call:
    """One HTTP request of a workload; `valid` says whether the API must accept it."""

    path: str
    content_type: str
    body: bytes
    valid: bool = True
    auth: bool = True

    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": self.content_type}
        if self.auth:
            headers["Authorization"] = AUTH
        return headers


@dataclass(frozen=True)
class Workload:
    """Requests sent in turn on every connection; most workloads have just one."""

    name: str
    calls: tuple[Call, ...]
    # The least mock/ceiling throughput the issue asks for (None: no target).
    ceiling_goal: float | None

    @property
    def path(self) -> str:
        return self.calls[0].path

    @property
    def invalid_share(self) -> float:
        return sum(not call.valid for call in self.calls) / len(self.calls)


def noise_png(side: int, seed: int) -> bytes:
    """A PNG that does not compress, so its size is predictable."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _json(payload: object, path: str = HEADSHOT, **flags: bool) -> Call:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return Call(path, "application/json", body, **flags)


def _multipart(png: bytes) -> Call:
    """No `num` field: Steady 0.22 reads multipart fields as strings and answers 400 to
    any integer field, so with one its figure would be an error path, not a mock answer."""
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
            f"--{boundary}--\r\n"
        ).encode()
    )
    return Call(HEADSHOT, f"multipart/form-data; boundary={boundary}", body)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


URL_IMAGE = "https://example.com/me.jpg"


def small_json(num: int) -> Call:
    """Workload 1: the smallest real request, a URL image asking for `num` avatars."""
    return _json({"image": URL_IMAGE, "person_type": "female", "num": num})


def _mix() -> tuple[Call, ...]:
    """Valid and invalid requests alternating; each invalid one fails a different check."""
    valid = tuple(small_json(num) for num in (1, 2, 3, 4))
    bad = {"image": URL_IMAGE, "person_type": "female", "num": 2}
    invalid = (
        _json(bad, valid=False, auth=False),  # no API key: 401
        _json({**bad, "person_type": "robot"}, valid=False),  # not in the enum: 400
        _json({"person_type": "female"}, valid=False),  # no image: 400
        # A wrong type rather than broken JSON: Prism 5.16 never answers broken JSON, and
        # one hung connection would stall a wrk connection for the whole cell.
        _json({**bad, "num": "two"}, valid=False),  # not an integer: 400
    )
    return tuple(call for pair in zip(valid, invalid, strict=True) for call in pair)


def workloads() -> list[Workload]:
    from contract_tests.seedpages import PortraitPage

    png_100k = noise_png(160, seed=1)  # ~77 KB raw, ~100 KB as base64
    png_1m = noise_png(512, seed=2)  # ~790 KB raw, ~1 MB as base64
    base = {"person_type": "female", "num": 2}
    made: list[Workload] = [
        Workload(f"1{'abcd'[num - 1]}-json-url-num{num}", (small_json(num),), 0.8)
        for num in (1, 2, 3, 4)
    ]
    made += [
        Workload("2-json-100kb-data-uri", (_json({"image": data_uri(png_100k), **base}),), 0.5),
        Workload("3-json-1mb-data-uri", (_json({"image": data_uri(png_1m), **base}),), None),
        Workload("4-multipart-100kb-png", (_multipart(png_100k),), 0.5),
        Workload("5-portrait-page-example", (_json(PortraitPage.request_example, PORTRAIT),), 0.8),
        Workload("6-mix-valid-invalid", _mix(), None),
    ]
    return made


def big_data_uri_body() -> bytes:
    """The 10 MB case: a ~10 MB base64 image in a JSON body."""
    png = noise_png(1600, seed=5)
    return json.dumps({"image": data_uri(png), "person_type": "male"}).encode()


# Each byte as it goes in a Lua string literal. Three digits always: Lua reads up to three
# after a backslash ("\13" + "1" is "\131").
_LUA_ESCAPES = [
    chr(byte) if 32 <= byte < 127 and chr(byte) not in '"\\' else f"\\{byte:03d}"
    for byte in range(256)
]


def _lua_string(data: bytes) -> str:
    return '"' + "".join(map(_LUA_ESCAPES.__getitem__, data)) + '"'


def _lua_table(headers: dict[str, str]) -> str:
    return "{" + ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items()) + "}"


def lua_script(workload: Workload, folder: Path) -> Path:
    """One request: wrk's static request, the cheapest. Several: pre-formatted in init(),
    handed out in turn by request(), so the script adds no per-request formatting."""
    path = folder / f"{workload.name}.lua"
    if len(workload.calls) == 1:
        call = workload.calls[0]
        lines = ['wrk.method = "POST"', f"wrk.body = {_lua_string(call.body)}"]
        lines += [f'wrk.headers["{k}"] = "{v}"' for k, v in call.headers().items()]
    else:
        lines = ["local requests = {}", "local i = 0", "function init(args)"]
        lines += [
            f'  requests[{n}] = wrk.format("POST", "{call.path}", '
            f"{_lua_table(call.headers())}, {_lua_string(call.body)})"
            for n, call in enumerate(workload.calls, start=1)
        ]
        lines += [
            "end",
            "function request()",
            "  i = i % #requests + 1",
            "  return requests[i]",
            "end",
        ]
    path.write_text("\n".join(lines) + "\n")
    os.chmod(path, 0o644)
    return path
