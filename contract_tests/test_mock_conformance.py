"""Schemathesis over the in-process mock, from openapi/openapi.yaml: both operations, both
request content types, every default check (negative_data_rejection and
positive_data_acceptance included) plus response_schema_conformance on error responses.

Auth comes from the bearerAuth scheme, and the mock enforces that one key, so the
authenticated paths are exercised and ignored_auth can see a wrong key refused.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CheckFunction
from schemathesis.config import SchemathesisConfig
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import negative_data_rejection
from starlette.testclient import TestClient

from contract_tests import schemathesis_hooks
from contract_tests.specfile import SPEC_PATH
from mockserver.app import create_app
from mockserver.config import MockConfig

API_KEY = "sk-contract-test"
# `make test` runs this short; `make contract` runs the CLI with >= 1,000 cases per operation.
MAX_EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "150"))

CONFIG = SchemathesisConfig.from_dict({"auth": {"openapi": {"bearerAuth": {"bearer": API_KEY}}}})
schema = schemathesis.openapi.from_path(SPEC_PATH, config=CONFIG)
APP = create_app(MockConfig(spec_path=SPEC_PATH, api_keys=frozenset({API_KEY})))
schema.app = APP
SESSION = TestClient(APP)  # one session, so the app's lifespan does not run per call


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_mock_conforms_to_the_spec(case: schemathesis.Case[Any]) -> None:
    excluded: list[CheckFunction] = []
    # drop() stops dropping past its ceiling, so too many "known" false positives fail
    # here (test_schemathesis_false_positives.py pins that ceiling).
    if schemathesis_hooks.drop(case):
        excluded.append(negative_data_rejection)
    case.call_and_validate(session=SESSION, excluded_checks=excluded)


def test_both_request_content_types_are_exercised() -> None:
    media = set()
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        media |= {body.media_type for body in result.ok().body}
    assert media == {"application/json", "multipart/form-data"}
