"""Each false positive the schemathesis filter drops, pinned: the case as schemathesis builds
it, the filter naming its kind, and the request as it reaches the wire, which the spec
allows (so the mock's 200 is right and ST201's demand for a 4xx is wrong).

If a schemathesis upgrade changes how such a case is sent, the wire assertion here fails
and the filter's kind must be re-examined, rather than silently dropping real failures.
The hooks that make values valid are pinned here too, where they could make false
positives themselves.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import find
from PIL import Image
from schemathesis.core.mutations import Mutation, MutationChannel, OperatorKind
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import (
    CaseMetadata,
    ComponentInfo,
    FuzzingPhaseData,
    GenerationInfo,
    PhaseInfo,
    TestPhase,
)
from schemathesis.generation.modes import GenerationMode
from schemathesis.transport.serialization import Binary
from starlette.testclient import TestClient

from contract_tests import schemathesis_hooks
from contract_tests.conftest import AUTH
from contract_tests.images import image_bytes
from contract_tests.specfile import HEADSHOT, SPEC_PATH, load_spec, media_examples
from mockserver.app import create_app

SCHEMA = schemathesis.openapi.from_path(SPEC_PATH)
APP = create_app()
SCHEMA.app = APP
OPERATION = SCHEMA.find_operation_by_path("POST", HEADSHOT)
CLIENT = TestClient(APP)
MULTIPART = "multipart/form-data"
POINTER = "/allOf/0/properties/"
# The spec's multipart request example: its image is a data URI in a text part.
MULTIPART_EXAMPLE = next(
    value for where, _, value in media_examples(load_spec()) if f"request {MULTIPART}" in where
)


def _mutation(field: str, original: Any, new: Any) -> Mutation:
    return Mutation(
        path=(field,),
        parameter_location=ParameterLocation.BODY,
        schema_pointer=POINTER + field,
        channel=MutationChannel.SCHEMA,
        operator=OperatorKind.CHANGE_TYPE,
        keywords=("type",),
        parameter=None,
        original_value=original,
        new_value=new,
    )


def _negative_case(body: dict[str, Any], description: str, *mutations: Mutation) -> Any:
    return _case(GenerationMode.NEGATIVE, body, description, *mutations)


def _case(
    mode: GenerationMode, body: dict[str, Any], description: str, *mutations: Mutation
) -> Any:
    assert OPERATION is not None
    meta = CaseMetadata(
        generation=GenerationInfo(time=0.0, mode=mode),
        components={ParameterLocation.BODY: ComponentInfo(mode=mode)},
        phase=PhaseInfo(
            name=TestPhase.FUZZING,
            data=FuzzingPhaseData(
                description=description,
                parameter=None,
                parameter_location=None,
                location=None,
                mutations=mutations,
            ),
        ),
    )
    return OPERATION.Case(body=body, media_type=MULTIPART, _meta=meta)


def _send(case: Any) -> tuple[int, dict[str, Any]]:
    """The mock's status, and the fields it received (its journal): the wire, not the case."""
    response = case.call(session=CLIENT, headers=AUTH)
    # A body refused before it was read as fields is journalled without them.
    received = CLIENT.get("/_mock/requests").json()["requests"][-1]["body"].get("fields", {})
    return response.status_code, received


def _valid_body(**fields: Any) -> dict[str, Any]:
    return {"image": image_bytes(), "person_type": "kid", **fields}


def test_mislabelled_a_valid_body_tagged_negative_with_no_mutation() -> None:
    case = _negative_case(_valid_body(), "Positive test case")
    assert schemathesis_hooks.known_false_positive(case) == "mislabelled"
    assert _send(case)[0] == 200


@pytest.mark.parametrize(
    "image",
    [Binary(image_bytes()), image_bytes("WEBP"), MULTIPART_EXAMPLE["image"]],
    ids=["png-file-part", "webp-bytes", "the-spec-examples-data-uri-text-part"],
)
def test_before_call_leaves_a_valid_multipart_case_as_it_is_and_positive(image: Any) -> None:
    # Any write to case.body makes schemathesis judge the body again, and a body holding
    # bytes never passes, so a needless write made a valid case "mislabelled" NEGATIVE:
    # about 100 per run, enough to reach the filter's ceiling.
    body = _valid_body(image=image)
    case = _case(GenerationMode.POSITIVE, body, "Positive test case")
    schemathesis_hooks.before_call(None, case, {})
    assert case.body is body
    assert case.meta.generation.mode == GenerationMode.POSITIVE
    assert _send(case)[0] == 200


def test_a_file_part_of_a_format_the_spec_does_not_take_is_made_an_image_as_drawn() -> None:
    gif = image_bytes("GIF")
    # The mock refuses a GIF (x-image-types: PNG, JPEG, WebP), so a drawn one must go.
    files = {"image": ("me.gif", gif, "image/gif")}
    refused = CLIENT.post(HEADSHOT, data={"person_type": "kid"}, files=files, headers=AUTH)
    assert refused.status_code == 400
    drawn = find(schemathesis_hooks.flatmap_body(None, _valid_body(image=Binary(gif))), bool)
    with Image.open(io.BytesIO(drawn["image"])) as image:
        assert image.format in {"PNG", "JPEG", "WEBP"}
    # A text value is not a file part: a JSON image that breaks the pattern stays broken.
    json_body = {"image": "not a link", "person_type": "kid"}
    assert find(schemathesis_hooks.flatmap_body(None, json_body), bool) == json_body


def test_vanishing_an_empty_array_is_no_multipart_part_at_all() -> None:
    mutation = _mutation("num", "integer", "array")
    case = _negative_case(_valid_body(num=[]), "num as an array", mutation)
    assert schemathesis_hooks.known_false_positive(case) == "vanishing"
    status, received = _send(case)
    assert status == 200 and "num" not in received


def test_single_part_a_one_item_array_is_one_multipart_part() -> None:
    mutation = _mutation("model", "string", "array")
    case = _negative_case(_valid_body(model=[{}]), "model as an array", mutation)
    assert schemathesis_hooks.known_false_positive(case) == "single-part"
    status, received = _send(case)
    assert status == 200 and received["model"] == "{}"
    json_body = {"image": "https://example.com/me.png", "person_type": "kid", "model": [{}]}
    assert CLIENT.post(HEADSHOT, json=json_body, headers=AUTH).status_code == 400


@pytest.mark.parametrize(
    ("value", "kind"),
    [(1.966741609328852e16, "number"), (7, "integer"), (True, "boolean"), (None, "null")],
)
def test_textual_a_scalar_for_a_string_field_is_text_in_multipart(value: Any, kind: str) -> None:
    mutation = _mutation("model", "string", kind)
    case = _negative_case(_valid_body(model=value), "model as a number", mutation)
    assert schemathesis_hooks.known_false_positive(case) == "textual"
    status, received = _send(case)
    assert status == 200 and isinstance(received["model"], str)
    # The same value in JSON is a real type error, and is refused.
    json_body = {"image": "https://example.com/me.png", "person_type": "kid", "model": value}
    assert CLIENT.post(HEADSHOT, json=json_body, headers=AUTH).status_code == 400


def test_textual_an_object_for_a_string_field_is_its_json_text_in_multipart() -> None:
    # Seen on the final main: two string fields mutated at once, one to an object.
    mutations = (
        _mutation("custom_prompt", "string", "object"),
        _mutation("model", "string", "integer"),
    )
    body = _valid_body(custom_prompt={"a": [1, None]}, model=-552)
    case = _negative_case(body, "two string fields retyped", *mutations)
    assert schemathesis_hooks.known_false_positive(case) == "textual"
    status, received = _send(case)
    assert status == 200 and isinstance(received["custom_prompt"], str)
    json_body = {"image": "https://example.com/me.png", "person_type": "kid", "custom_prompt": {}}
    assert CLIENT.post(HEADSHOT, json=json_body, headers=AUTH).status_code == 400


@pytest.mark.parametrize(
    ("field", "original", "new", "value"),
    [
        ("person_type", "string", "integer", 7),  # the text "7" is not in the enum
        ("person_type", "string", "array", []),  # required: no part is a missing field
        ("person_type", "string", "array", [7]),  # one part, the text "7"
        ("style", "integer", "array", [99]),  # one part, "99", read as 99: no style id
        ("num", "integer", "string", "many"),  # not a kind at all
    ],
)
def test_a_real_negative_multipart_case_is_not_dropped(
    field: str, original: str, new: str, value: Any
) -> None:
    # What reaches the wire breaks the spec, so the mock must refuse it, and the filter
    # must not call it a false positive, or a mock that wrongly accepted it would pass.
    mutation = _mutation(field, original, new)
    case = _negative_case(_valid_body(**{field: value}), f"{field} retyped", mutation)
    assert schemathesis_hooks.known_false_positive(case) is None
    assert _send(case)[0] == 400


def test_single_part_a_numeric_field_reads_its_one_part_as_a_number() -> None:
    mutation = _mutation("style", "integer", "array")
    case = _negative_case(_valid_body(style=["15"]), "style as an array", mutation)
    assert schemathesis_hooks.known_false_positive(case) == "single-part"
    status, received = _send(case)
    assert status == 200 and received["style"] == 15


def test_the_filter_counts_what_it_drops_and_keeps_failures_past_its_ceiling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = _negative_case(_valid_body(), "Positive test case")
    monkeypatch.setattr(schemathesis_hooks, "DROPPED", Counter[str]())
    monkeypatch.setattr(schemathesis_hooks, "CASES_RUN", [0])
    for _ in range(schemathesis_hooks.CEILING_FLOOR):
        assert schemathesis_hooks.drop(case)
    assert schemathesis_hooks.DROPPED == {"mislabelled": schemathesis_hooks.CEILING_FLOOR}
    assert not schemathesis_hooks.drop(case)  # past the ceiling: the failure is kept
    floor = schemathesis_hooks.CEILING_FLOOR
    assert f"dropped {floor} known false positives (mislabelled: {floor})" in (
        schemathesis_hooks.report()
    )
