"""Every error the mock builds speaks English, Chinese and Japanese (302.AI's front-ends show
`message_cn` and `message_jp` to their users), from one table of templates; and the `Lang`
header 302.AI's clients send is declared and accepted."""

from __future__ import annotations

import ast
import binascii
import io
import json
import string
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pybase64
import pytest
from PIL import Image
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH, ENGLISH_RUN, HAN, KANA, assert_error, headshot_body
from contract_tests.images import data_uri, png_claiming
from contract_tests.specfile import (
    HEADSHOT,
    PORTRAIT,
    PORTRAIT_SUBMIT,
    ROOT,
    load_spec,
    operation,
    resolve,
)
from mockserver.errors import MockError
from mockserver.messages import TEMPLATES, UNKNOWN_CN, UNKNOWN_JP, library_reason

SPEC = load_spec()
JSON = {"Content-Type": "application/json"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_has_real_chinese_and_japanese_with_the_same_fields(key: str) -> None:
    template = TEMPLATES[key]
    assert HAN.search(template.cn) and not KANA.search(template.cn), template.cn
    assert KANA.search(template.jp), template.jp
    assert _fields(template.en) == _fields(template.cn) == _fields(template.jp)


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_names_its_field_first_in_each_language(key: str) -> None:
    # Values with braces in them: a value is shown as sent, never read as a template.
    params = {name: "{" + name + "}" for name in _fields(TEMPLATES[key].en)}
    plain = MockError(400, key, None, **params).texts
    named = MockError(400, key, "req_json.logo_info", **params).texts
    assert named.en == f"req_json.logo_info: {plain.en}"
    assert named.cn == f"字段 req_json.logo_info：{plain.cn}"  # noqa: RUF001
    assert named.jp == f"フィールド req_json.logo_info: {plain.jp}"
    assert all(value in plain.en for value in params.values())


def _mock_error_keys() -> list[tuple[str, int, Any]]:
    """Every `MockError(status, KEY, ...)` written in mockserver/, with its key argument."""
    found = []
    for path in sorted((ROOT / "mockserver").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "MockError"
            ):
                key = node.args[1] if len(node.args) > 1 else None
                found.append((path.name, node.lineno, key))
    return found


def test_every_error_the_code_raises_names_a_template_of_the_table() -> None:
    raised = _mock_error_keys()
    assert len(raised) > 40  # the walk sees the code
    for where, line, key in raised:
        # A literal, or a choice between literals (`"a" if ... else "b"`).
        choices = [key.body, key.orelse] if isinstance(key, ast.IfExp) else [key]
        for choice in choices:
            assert isinstance(choice, ast.Constant), f"{where}:{line}: the key must be a literal"
            assert choice.value in TEMPLATES, f"{where}:{line}: no template {choice.value!r}"


def _assert_three_languages(response: Any, status: int, field: str | None = None) -> None:
    error = assert_error(response, status)
    assert len({error["message"], error["message_cn"], error["message_jp"]}) == 3
    if field:
        for text in (error["message"], error["message_cn"], error["message_jp"]):
            assert field in text, (field, text)


def test_a_400_is_the_documented_example_in_all_three_languages(client: TestClient) -> None:
    """The submit step's own 400 example is exactly what the mock answers to that request."""
    response = client.post(
        PORTRAIT_SUBMIT, json={"image_input": data_uri(), "width": 4000}, headers=AUTH
    )
    example = resolve(SPEC, operation(SPEC, PORTRAIT_SUBMIT)["responses"]["400"])
    assert response.json() == example["content"]["application/json"]["example"]
    _assert_three_languages(response, 400, "width")


BAD_REQUESTS: list[tuple[str, str, str, dict[str, str], bytes | None, int, str | None]] = [
    ("missing-key", "POST", HEADSHOT, JSON, b"{}", 401, None),
    ("malformed-key", "POST", HEADSHOT, {**JSON, "Authorization": "Token x"}, b"{}", 401, None),
    ("content-type", "POST", HEADSHOT, {**AUTH, "Content-Type": "text/plain"}, b"x", 415, None),
    ("empty-body", "POST", PORTRAIT, JSON, b"", 400, None),
    ("not-json", "POST", PORTRAIT, JSON, b"{nope", 400, None),
    ("required", "POST", PORTRAIT, JSON, b"{}", 400, "task_id"),
    ("empty-task-id", "POST", PORTRAIT, JSON, b'{"task_id": ""}', 400, "task_id"),
    ("type", "POST", PORTRAIT, JSON, b'{"task_id": 1}', 400, "task_id"),
    (
        "req-json-enum",
        "POST",
        PORTRAIT,
        JSON,
        b'{"task_id": "t", "req_json": "{\\"logo_info\\": {\\"position\\": 9}}"}',
        400,
        "req_json.logo_info.position",
    ),
    ("prefer", "POST", PORTRAIT, {**JSON, "Prefer": "nonsense"}, b'{"task_id": "t"}', 400, None),
    (
        "image",
        "POST",
        PORTRAIT_SUBMIT,
        {**AUTH, **JSON},
        b'{"image_input": "ftp://example.com/a.png"}',
        400,
        "image_input",
    ),
    ("route", "GET", "/v1/unknown", {}, None, 404, None),
    ("method", "GET", PORTRAIT, {}, None, 405, None),
    ("image-link", "GET", "/_mock/images/nothing.gif", {}, None, 404, None),
    ("scripted-task", "POST", "/_mock/tasks", JSON, b'{"status": "in_queue"}', 400, "status"),
]


@pytest.mark.parametrize(
    ("method", "path", "headers", "raw", "status", "field"),
    [case[1:] for case in BAD_REQUESTS],
    ids=[case[0] for case in BAD_REQUESTS],
)
def test_every_kind_of_error_carries_chinese_and_japanese_naming_the_field(
    client: TestClient,
    method: str,
    path: str,
    headers: dict[str, str],
    raw: bytes | None,
    status: int,
    field: str | None,
) -> None:
    response = client.request(method, path, content=raw, headers=headers)
    _assert_three_languages(response, status, field)


def test_lang_is_declared_optional_and_inferred_on_every_operation() -> None:
    for item in SPEC["paths"].values():
        for op in item.values():
            params = [resolve(SPEC, p) for p in op.get("parameters", [])]
            (lang,) = [p for p in params if p["name"] == "Lang"]
            assert lang["in"] == "header" and lang["required"] is False
            assert lang["x-source"].startswith("inferred")
            assert lang["schema"]["x-known-values"] == ["cn", "en", "jp"]


@pytest.mark.parametrize("lang", ["cn", "en", "jp", "xx"])
def test_the_lang_header_is_accepted_and_changes_nothing(client: TestClient, lang: str) -> None:
    plain = client.post(HEADSHOT, json=headshot_body(), headers=AUTH)
    with_lang = client.post(HEADSHOT, json=headshot_body(), headers={**AUTH, "Lang": lang})
    assert with_lang.status_code == plain.status_code == 200
    assert with_lang.json() == plain.json()
    refused = client.post(PORTRAIT, json={"task_id": ""}, headers={"Lang": lang})
    assert refused.json()["error"] == client.post(PORTRAIT, json={"task_id": ""}).json()["error"]


def test_the_message_table_lives_in_one_module() -> None:
    """No other module of the mock writes Chinese or Japanese text."""
    for path in sorted(Path(ROOT / "mockserver").glob("*.py")):
        if path.name != "messages.py":
            text = path.read_text(encoding="utf-8")
            assert not KANA.search(text) and not HAN.search(text), path.name


def _library_reasons() -> set[str]:
    """Each reason the libraries under the mock give, provoked here: the stdlib's JSON
    parser and UTF-8 codec, the base64 decoders, urlsplit and Pillow."""
    reasons: set[str] = set()
    for text in ["", "{", '{"a" 1}', '{"a":1 "b"}', '"abc', '"a\x01"', '"\\x"', '"\\u12"']:
        with pytest.raises(json.JSONDecodeError) as parsed:
            json.loads(text)
        reasons.add(parsed.value.msg)
    for text in ["{} x", "\ufeff{}", "{,}", '{"a": 1,}', "[1,]"]:
        with pytest.raises(json.JSONDecodeError) as parsed:
            json.loads(text)
        reasons.add(parsed.value.msg)
    for data in [b"\xff", b"\xc3(", b"\xe2\x82"]:
        with pytest.raises(UnicodeDecodeError) as decoded:
            data.decode("utf-8")
        reasons.add(decoded.value.reason)
    for run in ["@@@@", "QQ"]:
        with pytest.raises(binascii.Error) as decoded_run:
            pybase64.b64decode(run, validate=True)
        reasons.add(str(decoded_run.value))
    for run in ["QQ", "QUFBQ", "=QQQ", "QQ==QQ=="]:
        with pytest.raises(binascii.Error) as decoded_run:
            binascii.a2b_base64(run, strict_mode=True)
        reasons.add(str(decoded_run.value))
    for url in ["http://[::1", "http://[1.2.3.4]/", "http://[abc]/"]:
        with pytest.raises(ValueError) as split:
            urlsplit(url).hostname  # noqa: B018
        reasons.add(str(split.value))
    with pytest.raises(Image.DecompressionBombError) as bomb:
        Image.open(io.BytesIO(png_claiming(10**5, 10**5)))
    reasons.add(str(bomb.value))
    return reasons


def test_every_reason_a_library_gives_has_chinese_and_japanese() -> None:
    reasons = _library_reasons()
    assert len(reasons) >= 20  # the provocations above all raised
    for reason in reasons:
        texts = library_reason(reason)
        assert texts.en == reason
        assert HAN.search(texts.cn) and not KANA.search(texts.cn), (reason, texts)
        assert KANA.search(texts.jp), (reason, texts)
        assert (texts.cn, texts.jp) != (UNKNOWN_CN, UNKNOWN_JP), reason
        assert not ENGLISH_RUN.search(texts.cn + " " + texts.jp), texts


def test_a_reason_the_table_lacks_is_left_to_the_english_message() -> None:
    error = MockError(400, "json.invalid", reason=library_reason("a brand new failure"))
    assert error.texts.en == "not valid JSON: a brand new failure"
    assert UNKNOWN_CN in error.texts.cn and "brand new" not in error.texts.cn
    assert UNKNOWN_JP in error.texts.jp and "brand new" not in error.texts.jp


def test_a_reason_s_numbers_and_values_are_carried_into_each_language() -> None:
    texts = library_reason(
        "Image size (10000000000 pixels) exceeds limit of 178956970 pixels, could be"
        " decompression bomb DOS attack."
    )
    assert "10000000000" in texts.cn and "178956970" in texts.jp
    quoted = library_reason("'abc' does not appear to be an IPv4 or IPv6 address")
    assert quoted.cn.startswith("'abc' ") and quoted.jp.startswith("'abc' ")
