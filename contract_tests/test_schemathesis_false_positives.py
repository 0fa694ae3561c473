"""The CLI run drops ST201 only for negative cases that reach the API as valid requests."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode

from contract_tests.schemathesis_hooks import is_known_false_positive


def _negative_case(media_type: str, body: dict[str, Any], *mutated: str) -> Any:
    mutations = tuple(
        SimpleNamespace(schema_pointer=f"/allOf/0/properties/{name}") for name in mutated
    )
    meta = SimpleNamespace(
        phase=SimpleNamespace(data=SimpleNamespace(mutations=mutations, description="")),
        components={ParameterLocation.BODY: SimpleNamespace(mode=GenerationMode.NEGATIVE)},
    )
    return SimpleNamespace(meta=meta, media_type=media_type, body=body)


def test_a_null_free_text_multipart_field_is_sent_as_valid_text_so_it_is_dropped() -> None:
    case = _negative_case("multipart/form-data", {"model": None, "person_type": "kid"}, "model")
    assert is_known_false_positive(case)


def test_a_null_in_a_constrained_multipart_field_still_counts() -> None:
    # "null" is not one of person_type's values: the API must refuse it.
    case = _negative_case("multipart/form-data", {"person_type": None}, "person_type")
    assert not is_known_false_positive(case)


def test_a_null_in_json_still_counts() -> None:
    case = _negative_case("application/json", {"model": None, "person_type": "kid"}, "model")
    assert not is_known_false_positive(case)
