"""Every fact on the two seed pages is in the spec exactly as the page states it."""

from __future__ import annotations

from typing import Any

import pytest

from contract_tests.seedpages import HeadshotPage, PageField, PortraitPage
from contract_tests.specfile import (
    HEADSHOT,
    PORTRAIT,
    flat_properties,
    load_spec,
    operation,
    resolve,
)

SPEC = load_spec()
SCHEMAS = SPEC["components"]["schemas"]
_PAGE_TYPES: dict[str, dict[str, Any]] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "enum<string>": {"type": "string"},
    "object": {"type": "object"},
    "null": {"type": "null"},
    "array[string]": {"type": "array", "items": {"type": "string"}},
}


def _assert_type(page: PageField, prop: dict[str, Any]) -> None:
    prop = resolve(SPEC, prop)
    if "anyOf" in prop:  # `data` is the page's object, or null (inferred)
        prop = resolve(SPEC, prop["anyOf"][0])
    for key, value in _PAGE_TYPES[page.type].items():
        assert prop[key] == value, (page.name, key)


def _request_schema(path: str, content_type: str) -> dict[str, Any]:
    body = operation(SPEC, path)["requestBody"]
    schema: dict[str, Any] = body["content"][content_type]["schema"]
    return schema


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data"])
def test_headshot_body_fields_types_required_and_labels_match_the_page(content_type: str) -> None:
    props, required = flat_properties(SPEC, _request_schema(HEADSHOT, content_type))
    assert set(props) == {f.name for f in HeadshotPage.body_fields}
    for page in HeadshotPage.body_fields:
        prop = props[page.name]
        assert (page.name in required) == page.required, page.name
        assert prop.get("x-doc-label") == page.label, page.name
        if content_type == "application/json" or page.name != "image":
            _assert_type(page, prop)


def test_headshot_defaults_ranges_and_replacements_match_the_page() -> None:
    props, _ = flat_properties(SPEC, _request_schema(HEADSHOT, "application/json"))
    checked = 0
    for page in HeadshotPage.body_fields:
        prop = props[page.name]
        if page.default is not None:
            expected = int(page.default) if prop["type"] == "integer" else page.default
            assert prop["default"] == expected, page.name
        else:
            assert "default" not in prop, page.name
        if page.minimum is not None:
            checked += 1
            rule = prop["x-out-of-range"]
            assert (rule["minimum"], rule["maximum"], rule["replacement"]) == (
                page.minimum,
                page.maximum,
                page.replacement,
            )
            # Out-of-range values are accepted and replaced, so the schema must not reject them.
            assert "minimum" not in prop and "maximum" not in prop
        else:
            assert "x-out-of-range" not in prop
    assert checked == 3


def test_height_replacement_is_1024_while_its_default_is_768() -> None:
    props, _ = flat_properties(SPEC, _request_schema(HEADSHOT, "application/json"))
    assert props["height"]["default"] == 768
    assert props["height"]["x-out-of-range"]["replacement"] == 1024


def test_person_type_allowed_values_match_the_page() -> None:
    (page,) = [f for f in HeadshotPage.body_fields if f.name == "person_type"]
    assert "".join(SCHEMAS["PersonType"]["enum"]) == page.allowed


def test_style_ids_and_names_match_the_preset_style_list() -> None:
    style = SCHEMAS["HeadshotStyle"]
    assert dict(zip(style["enum"], style["x-enum-names"], strict=True)) == HeadshotPage.styles
    assert len(HeadshotPage.styles) == 17


def test_headshot_content_types_and_auth_match_the_page() -> None:
    op = operation(SPEC, HEADSHOT)
    assert list(op["requestBody"]["content"]) == HeadshotPage.content_types
    assert op["security"] == [{"bearerAuth": []}]  # "Authorization ... required"


def test_headshot_examples_are_the_pages_verbatim() -> None:
    op = operation(SPEC, HEADSHOT)
    assert op["requestBody"]["content"]["application/json"]["x-page-example"] == (
        HeadshotPage.request_example
    )
    examples = op["responses"]["200"]["content"]["application/json"]["examples"]
    assert examples["page_example"]["value"] == HeadshotPage.response_example


def test_headshot_response_fields_match_the_page() -> None:
    props, required = flat_properties(SPEC, SCHEMAS["HeadshotResponse"])
    for page in HeadshotPage.response_fields:
        _assert_type(page, props[page.name])
        assert (page.name in required) == page.required
        assert props[page.name]["x-doc-label"] == page.label


def test_portrait_query_header_and_body_match_the_page() -> None:
    op = operation(SPEC, PORTRAIT)
    (query,) = PortraitPage.query_fields
    # The page's parameters are the documented ones (Lang is inferred: not on the page).
    params = [resolve(SPEC, p) for p in op["parameters"]]
    (param,) = [p for p in params if p["x-source"].startswith("documented")]
    assert all(p["x-source"].startswith("inferred") for p in params if p is not param)
    assert (param["name"], param["in"], param["required"]) == (query.name, "query", query.required)
    assert param["example"] == query.notes[-1]
    # "Authorization string optional": either a key or nothing.
    assert PortraitPage.header_lines[:3] == ["Authorization", "string", "optional"]
    assert op["security"] == [{"bearerAuth": []}, {}]
    props, required = flat_properties(SPEC, _request_schema(PORTRAIT, "application/json"))
    assert set(props) == {f.name for f in PortraitPage.body_fields}
    for page in PortraitPage.body_fields:
        _assert_type(page, props[page.name])
        assert (page.name in required) == page.required


def test_portrait_watermark_options_match_the_page() -> None:
    logo = SCHEMAS["LogoInfo"]["properties"]
    lines = PortraitPage.watermark_lines
    assert "add_logo Boolean No" in lines[1] and "Default is not to add" in lines[1]
    assert logo["add_logo"] == {**logo["add_logo"], "type": "boolean", "default": False}
    positions = [line.split(" - ")[1].lower() for line in lines[3:7]]
    assert logo["position"]["enum"] == [0, 1, 2, 3]
    assert logo["position"]["x-enum-names"] == positions
    assert logo["position"]["default"] == 0 and lines[7] == "Default is 0"
    languages = [line.split("(")[1].rstrip(")") for line in lines[9:11]]
    assert logo["language"]["enum"] == [0, 1]
    assert logo["language"]["x-enum-names"] == languages
    assert logo["language"]["default"] == 0 and lines[11] == "Default is 0"


def test_portrait_response_fields_nesting_types_and_required_match_the_page() -> None:
    top, top_required = flat_properties(SPEC, SCHEMAS["PortraitResultResponse"])
    data, data_required = flat_properties(SPEC, SCHEMAS["PortraitResultData"])
    data_keys = set(PortraitPage.response_example["data"])
    seen_data_status = False
    for page in PortraitPage.response_fields:
        # The page lists both `status` fields flat; the first belongs to `data`.
        in_data = page.name in data_keys and not (page.name == "status" and seen_data_status)
        seen_data_status |= in_data and page.name == "status"
        props, required = (data, data_required) if in_data else (top, top_required)
        _assert_type(page, props[page.name])
        assert (page.name in required) == page.required, page.name
    assert set(top) == set(PortraitPage.response_example)
    assert set(data) == data_keys


def test_portrait_examples_are_the_pages_verbatim() -> None:
    op = operation(SPEC, PORTRAIT)
    request = op["requestBody"]["content"]["application/json"]["examples"]["page_example"]
    assert request["value"] == PortraitPage.request_example
    response = op["responses"]["200"]["content"]["application/json"]["examples"]["page_example"]
    assert response["value"] == PortraitPage.response_example


def test_inferred_task_statuses_each_have_a_named_example_marked_inferred() -> None:
    op = operation(SPEC, PORTRAIT)
    examples = op["responses"]["200"]["content"]["application/json"]["examples"]
    for status in SCHEMAS["PortraitResultData"]["properties"]["status"]["x-known-values"]:
        assert examples[status]["value"]["data"]["status"] == status
        assert examples[status]["x-source"].startswith("inferred")
