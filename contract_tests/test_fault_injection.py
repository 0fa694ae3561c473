"""The suite is not green by construction: a mock with an injected defect fails it."""

from __future__ import annotations

import functools
from typing import Any

import pytest
import schemathesis
from hypothesis import given, settings
from schemathesis.core.failures import FailureGroup
from starlette.testclient import TestClient

import contract_tests.test_out_of_range_properties as out_of_range
from contract_tests.conftest import AUTH
from contract_tests.specfile import HEADSHOT, PORTRAIT, SPEC_PATH
from mockserver import handlers, pipeline
from mockserver.app import create_app
from mockserver.config import MockConfig


def _faulty_app(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, fault: Any) -> Any:
    original = getattr(module, name)

    @functools.wraps(original)  # the registry knows a handler by its name
    def faulty(*args: Any) -> Any:
        return fault(original(*args))

    monkeypatch.setattr(module, name, faulty)
    return create_app(MockConfig(spec_path=SPEC_PATH))


def test_three_urls_when_num_is_one_fails_the_out_of_range_properties(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def three_urls(body: dict[str, Any]) -> dict[str, Any]:
        return {"headshot_url_list": body["headshot_url_list"] * 3}

    client = TestClient(_faulty_app(monkeypatch, handlers, "generate_headshot", three_urls))
    monkeypatch.setattr(out_of_range, "CLIENT", client)

    # It only has to fail: no shrinking (conftest's see-it-fail profile), seconds saved.
    @settings(settings.get_profile("see-it-fail"), max_examples=20, deadline=None)
    @given(chosen=out_of_range.values())
    def run(chosen: dict[str, int | None]) -> None:
        body: dict[str, Any] = {"image": out_of_range.IMAGE, "person_type": "male"}
        body |= {k: v for k, v in chosen.items() if v is not None}
        out_of_range._check(client.post(HEADSHOT, json=body, headers=AUTH), chosen)

    with pytest.raises(AssertionError):
        run()


def test_a_dropped_response_field_fails_schema_conformance(monkeypatch: pytest.MonkeyPatch) -> None:
    def drop_time_elapsed(body: dict[str, Any]) -> dict[str, Any]:
        body.pop("time_elapsed", None)
        return body

    # After complete_success_body, the last step that shapes a 200 body.
    app = _faulty_app(monkeypatch, pipeline, "complete_success_body", drop_time_elapsed)
    schema = schemathesis.openapi.from_path(SPEC_PATH)
    schema.app = app
    operation = schema.find_operation_by_path("POST", PORTRAIT)
    assert operation is not None
    case = operation.Case(body={"task_id": "any-task"}, media_type="application/json")
    with pytest.raises(FailureGroup, match="time_elapsed"):
        case.call_and_validate(session=TestClient(app))
