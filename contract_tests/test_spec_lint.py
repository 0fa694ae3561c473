"""The spec is valid OpenAPI 3.1 and every example in it validates against its own schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from contract_tests.specfile import load_spec, media_examples, resolve

SPEC = load_spec()
EXAMPLES = list(media_examples(SPEC))


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    # The spec's components travel with the schema so that local $refs resolve.
    return Draft202012Validator({**schema, "components": SPEC["components"]})


def test_spec_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate(SPEC)


def test_spec_has_examples_for_every_operation() -> None:
    wheres = " ".join(where for where, _, _ in EXAMPLES)
    for path in SPEC["paths"]:
        assert f"{path} 200" in wheres, path
        assert f"{path} request" in wheres, path


@pytest.mark.parametrize(("where", "schema", "value"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_example_validates_against_its_schema(where: str, schema: Any, value: Any) -> None:
    errors = [e.message for e in _validator(schema).iter_errors(value)]
    assert errors == [], where


def test_req_json_examples_decode_to_the_documented_shape() -> None:
    req_json_schema = resolve(SPEC, SPEC["components"]["schemas"]["PortraitResultRequest"])
    content_schema = req_json_schema["properties"]["req_json"]["contentSchema"]
    found = 0
    for _, _, value in EXAMPLES:
        if isinstance(value, dict) and "req_json" in value:
            found += 1
            errors = list(_validator(content_schema).iter_errors(json.loads(value["req_json"])))
            assert errors == []
    assert found >= 1


def test_placeholder_page_example_is_kept_verbatim_and_does_not_validate() -> None:
    media = SPEC["paths"]["/302/headshot/generate"]["post"]["requestBody"]["content"]
    page = media["application/json"]["x-page-example"]
    assert page["image"] == "string" and page["style"] == 0
    # The page's placeholder is not a valid request; that is why it sits under x-page-example.
    assert list(_validator(media["application/json"]["schema"]).iter_errors(page)) != []


def test_every_operation_schema_and_field_names_its_source() -> None:
    for item in SPEC["paths"].values():
        for op in item.values():
            # An operation not on the pages is inferred, names its evidence, and says in its
            # description (the generated docstring) that it is unconfirmed.
            assert op["x-source"].startswith(("documented: ", "inferred: ")), op["operationId"]
            if op["x-source"].startswith("inferred"):
                assert "Unconfirmed" in op["description"], op["operationId"]
    for name, schema in SPEC["components"]["schemas"].items():
        assert schema["x-source"].startswith(("documented", "inferred")), name
        whole_schema_inferred = schema["x-source"].startswith("inferred")
        for prop_name, prop in schema.get("properties", {}).items():
            if "$ref" not in prop and not whole_schema_inferred:
                assert "x-source" in prop, (name, prop_name)
