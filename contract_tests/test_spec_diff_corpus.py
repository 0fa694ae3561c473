"""The spec change gate against a corpus of small mutations of our own spec.

Each expectation says what the change does to an existing caller, of the HTTP API or of
the client generated from the spec, and it is written from that (the `why`), not from
the classifier's code. Where a change lands in a shared schema, the expectation names
every place it takes effect: HeadshotOptions reaches both headshot request bodies.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from ai302_spec import Change, Level, compare_specs
from contract_tests.specfile import HEADSHOT, PORTRAIT, load_spec

Spec = dict[str, Any]
H = f"POST {HEADSHOT}"
P = f"POST {PORTRAIT}"
JSON = "request body application/json"
FORM = "request body multipart/form-data"
OK = "response 200 application/json"
BREAKING, NON_BREAKING, INFO = Level.BREAKING, Level.NON_BREAKING, Level.INFO


@dataclass(frozen=True)
class Mutation:
    rule: str
    change: Callable[[Spec], object]  # edits the spec in place
    level: Level
    where: tuple[tuple[str, str], ...]
    why: str
    prepare: Callable[[Spec], None] | None = None  # applied to both sides first


def schema(spec: Spec, name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


def field(spec: Spec, name: str, prop: str) -> dict[str, Any]:
    found: dict[str, Any] = schema(spec, name)["properties"][prop]
    return found


def image(spec: Spec, request: str) -> dict[str, Any]:
    found: dict[str, Any] = schema(spec, request)["allOf"][1]["properties"]["image"]
    return found


def op(spec: Spec, path: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][path]["post"]
    return found


def both(location: str) -> tuple[tuple[str, str], ...]:
    """A HeadshotOptions field: it takes effect in the JSON and in the multipart body."""
    return ((H, f"{JSON}: {location}"), (H, f"{FORM}: {location}"))


def _set(target: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Set keys, spelling x_paid as x-paid."""
    target.update(
        {key.replace("_", "-") if key.startswith("x_") else key: v for key, v in values.items()}
    )
    return target


def _move_portrait(spec: Spec) -> None:
    spec["paths"]["/doubao/drawing/portrait-result"] = spec["paths"].pop(PORTRAIT)


def _retry_after_removed(spec: Spec) -> None:
    del spec["components"]["responses"]["TooManyRequests"]["headers"]


def _status_enum(spec: Spec) -> None:
    field(spec, "PortraitResultData", "status")["enum"] = ["in_queue", "generating", "done"]


def _new_operation(spec: Spec) -> None:
    spec["paths"]["/302/headshot/styles"] = {
        "get": {
            "operationId": "list_headshot_styles",
            "tags": ["headshot"],
            "responses": {"200": {"description": "the styles"}},
        }
    }


NUM_REQUIRED = Mutation(
    "a field that becomes required in a request",
    lambda s: schema(s, "HeadshotOptions")["required"].append("num"),
    BREAKING,
    both("num"),
    "a caller that omits num (it has a default) is now sending an invalid request",
)
NEW_OPTIONAL = Mutation(
    "a new optional request field",
    lambda s: _set(
        schema(s, "HeadshotOptions")["properties"], seed={"type": "integer", "x-source": "t"}
    ),
    NON_BREAKING,
    both("seed"),
    "existing requests stay valid; the generated model gains an optional keyword",
)
DESCRIPTION_ONLY = Mutation(
    "a description-only change",
    lambda s: _set(field(s, "HeadshotOptions", "num"), description="How many avatars, 1 to 4."),
    INFO,
    both("num"),
    "nothing a caller sends or receives changes",
)

CORPUS: tuple[Mutation, ...] = (
    NUM_REQUIRED,
    NEW_OPTIONAL,
    DESCRIPTION_ONLY,
    # ---- breaking ----
    Mutation(
        "a removed operation",
        lambda s: s["paths"].pop(PORTRAIT),
        BREAKING,
        ((P, ""),),
        "every call to it fails; the generated function disappears",
    ),
    Mutation(
        "a removed request field",
        lambda s: schema(s, "HeadshotOptions")["properties"].pop("custom_prompt"),
        BREAKING,
        both("custom_prompt"),
        "callers passing custom_prompt= to the model get a TypeError",
    ),
    Mutation(
        "a removed request enum value",
        lambda s: _set(schema(s, "PersonType"), enum=["female", "male"]),
        BREAKING,
        both("person_type"),
        "person_type=kid is rejected, and PersonType.KID no longer exists",
    ),
    Mutation(
        "a removed response status",
        lambda s: op(s, HEADSHOT)["responses"].pop("402"),
        BREAKING,
        ((H, "response 402"),),
        "code catching InsufficientBalanceError is no longer reached for that case",
    ),
    Mutation(
        "a new required request field",
        lambda s: (
            _set(schema(s, "HeadshotOptions")["properties"], seed={"type": "integer"}),
            schema(s, "HeadshotOptions")["required"].append("seed"),
        ),
        BREAKING,
        both("seed"),
        "every existing request lacks it",
    ),
    Mutation(
        "a narrowed request range",
        lambda s: _set(field(s, "LogoInfo", "opacity"), maximum=0.5),
        BREAKING,
        ((P, f"{JSON}: req_json (decoded JSON).logo_info.opacity"),),
        "the page's own example sends opacity 0.3; a caller sending 0.8 is now rejected",
    ),
    Mutation(
        "a narrowed request length",
        lambda s: _set(image(s, "HeadshotRequest"), minLength=10),
        BREAKING,
        ((H, f"{JSON}: image"),),
        "a short image link that was valid is rejected (only the JSON body has the bound)",
    ),
    Mutation(
        "a new request maximum length",
        lambda s: _set(field(s, "HeadshotOptions", "custom_prompt"), maxLength=20),
        BREAKING,
        both("custom_prompt"),
        "longer prompts that were accepted are rejected",
    ),
    Mutation(
        "a new pattern on a request field",
        lambda s: _set(field(s, "PortraitResultRequest", "task_id"), pattern="^[0-9]+$"),
        BREAKING,
        ((P, f"{JSON}: task_id"),),
        "task ids that are not digits were valid and are now rejected",
    ),
    Mutation(
        "a required response field that becomes optional",
        lambda s: _set(schema(s, "HeadshotResponse"), required=[]),
        BREAKING,
        ((H, f"{OK}: headshot_url_list"),),
        "callers read result.headshot_url_list; it may now be UNSET",
    ),
    Mutation(
        "a removed response field",
        lambda s: (
            schema(s, "PortraitResultData")["properties"].pop("comfyui_cost"),
            schema(s, "PortraitResultData")["required"].remove("comfyui_cost"),
        ),
        BREAKING,
        ((P, f"{OK}: data.comfyui_cost"),),
        "code reading data.comfyui_cost gets an AttributeError",
    ),
    Mutation(
        "a changed response type",
        lambda s: _set(field(s, "PortraitResultResponse", "status"), type="string"),
        BREAKING,
        ((P, f"{OK}: status"),),
        "callers compare status with an int; the old client rejects a string",
    ),
    Mutation(
        "a changed request type",
        lambda s: _set(field(s, "HeadshotOptions", "width"), type="string"),
        BREAKING,
        both("width"),
        "callers send width=1024 as a number, which is now invalid",
    ),
    Mutation(
        "a response field that becomes nullable",
        lambda s: _set(field(s, "HeadshotResponse", "headshot_url_list"), type=["array", "null"]),
        BREAKING,
        ((H, f"{OK}: headshot_url_list"),),
        "callers iterate the list; the deployed client rejects null as a wrong type",
    ),
    Mutation(
        "auth that becomes required",
        lambda s: _set(op(s, PORTRAIT), security=[{"bearerAuth": []}]),
        BREAKING,
        ((P, "security"),),
        "callers polling without a key now get 401",
    ),
    Mutation(
        "a changed auth scheme",
        lambda s: _set(
            s["components"]["securitySchemes"]["bearerAuth"],
            type="apiKey",
            scheme=None,
            name="X-Api-Key",
            **{"in": "header"},
        ),
        BREAKING,
        ((H, "security: bearerAuth"), (P, "security: bearerAuth")),
        "the Authorization: Bearer header callers send is no longer the credential",
    ),
    Mutation(
        "a changed path",
        _move_portrait,
        BREAKING,
        (("POST /doubao/drawing/portrait-result", ""),),
        "callers post to the old path and get 404",
    ),
    Mutation(
        "a changed operationId",
        lambda s: _set(op(s, HEADSHOT), operationId="create_headshot"),
        BREAKING,
        ((H, ""),),
        "`from ai302_client.api.headshot import generate_headshot` fails",
    ),
    Mutation(
        "a changed first tag",
        lambda s: _set(op(s, HEADSHOT), tags=["avatar"]),
        BREAKING,
        ((H, ""),),
        "the generated module moves from ai302_client.api.headshot to ...api.avatar",
    ),
    Mutation(
        "a removed request media type",
        lambda s: op(s, HEADSHOT)["requestBody"]["content"].pop("multipart/form-data"),
        BREAKING,
        ((H, FORM),),
        "callers uploading the photo as a file part get 415",
    ),
    Mutation(
        "a removed response header",
        _retry_after_removed,
        BREAKING,
        ((H, "response 429 header Retry-After"), (P, "response 429 header Retry-After")),
        "callers (and our RetryPolicy) wait for Retry-After before retrying",
    ),
    Mutation(
        "a removed query parameter",
        lambda s: _set(op(s, PORTRAIT), parameters=[]),
        BREAKING,
        ((P, "query parameter response_format"),),
        "the generated function loses its response_format keyword",
    ),
    Mutation(
        "a new required query parameter",
        lambda s: op(s, PORTRAIT)["parameters"].append(
            {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        BREAKING,
        ((P, "query parameter region"),),
        "every existing call lacks it",
    ),
    Mutation(
        "an enum on a request field that had none",
        lambda s: _set(field(s, "HeadshotOptions", "model"), enum=["gpt-4.1", "gpt-4o"]),
        BREAKING,
        both("model"),
        "callers choosing another model are now rejected",
    ),
    Mutation(
        "a new success status",
        lambda s: _set(op(s, HEADSHOT)["responses"], **{"202": {"description": "queued"}}),
        BREAKING,
        ((H, "response 202"),),
        "sync() returns a union, so `result.headshot_url_list` stops type-checking",
    ),
    Mutation(
        "a removed accepted image type",
        lambda s: (
            _set(image(s, "HeadshotRequest"), x_image_types=["image/png", "image/jpeg"]),
            _set(image(s, "HeadshotMultipartRequest"), x_image_types=["image/png", "image/jpeg"]),
        ),
        BREAKING,
        ((H, f"{JSON}: image"), (H, f"{FORM}: image")),
        "callers sending WebP photos are refused",
    ),
    Mutation(
        "a free operation that becomes paid",
        lambda s: _set(op(s, PORTRAIT), x_paid=True),
        BREAKING,
        ((P, ""),),
        "the same code now spends the caller's balance",
    ),
    Mutation(
        "an idempotent operation that no longer is",
        lambda s: _set(op(s, PORTRAIT), x_idempotent=False),
        BREAKING,
        ((P, ""),),
        "callers retrying after a 5xx, as they were told was safe, may run it twice",
    ),
    Mutation(
        "a narrowed out-of-range honoured range",
        lambda s: _set(
            field(s, "HeadshotOptions", "num"),
            x_out_of_range={"minimum": 1, "maximum": 2, "replacement": 1},
        ),
        BREAKING,
        both("num"),
        "num=4 used to give four avatars and is now silently replaced by 1",
    ),
    Mutation(
        "a changed out-of-range replacement",
        lambda s: _set(
            field(s, "HeadshotOptions", "height"),
            x_out_of_range={"minimum": 256, "maximum": 1036, "replacement": 768},
        ),
        BREAKING,
        both("height"),
        "height=5000 gave 1024-pixel avatars and now gives 768",
    ),
    Mutation(
        "a changed request default",
        lambda s: _set(field(s, "HeadshotOptions", "num"), default=2),
        BREAKING,
        both("num"),
        "a caller omitting num now pays for two avatars instead of one",
    ),
    Mutation(
        "a renamed generated enum member",
        lambda s: schema(s, "HeadshotStyle")["x-enum-varnames"].__setitem__(4, "AQUARELLE"),
        BREAKING,
        both("style"),
        "HeadshotStyle.WATERCOLOR (used in our own README) no longer exists",
    ),
    Mutation(
        "a changed success value",
        lambda s: _set(field(s, "PortraitResultResponse", "code"), x_success_value=0),
        BREAKING,
        ((P, f"{OK}: code"),),
        "callers test code == 10000 before reading data",
    ),
    Mutation(
        "a status that changes meaning",
        lambda s: field(s, "PortraitResultData", "status")["x-status-meaning"].update(
            generating="failed"
        ),
        BREAKING,
        ((P, f"{OK}: data.status"),),
        "a poll loop that waited on generating now stops with a failure",
    ),
    Mutation(
        "a changed err_code on an error response",
        lambda s: _set(s["components"]["responses"]["BadRequest"], x_err_code=-10009),
        BREAKING,
        ((H, "response 400"),),  # the portrait operations have their own 400 responses
        "callers branching on err_code -10011 take another branch",
    ),
    Mutation(
        "a removed response enum value",
        lambda s: _set(field(s, "PortraitResultData", "status"), enum=["in_queue", "done"]),
        BREAKING,
        ((P, f"{OK}: data.status"),),
        "the generated enum member for generating disappears from calling code",
        prepare=_status_enum,
    ),
    Mutation(
        "a response integer that becomes any number",
        lambda s: _set(field(s, "PortraitResultResponse", "status"), type="number"),
        BREAKING,
        ((P, f"{OK}: status"),),
        "the generated field becomes a float: `code: int = result.status` stops type-checking",
    ),
    # ---- non-breaking ----
    Mutation(
        "a request integer that accepts any number",
        lambda s: _set(field(s, "HeadshotOptions", "width"), type="number"),
        NON_BREAKING,
        both("width"),
        "every integer callers send is still a valid number; an int passes where a float is typed",
    ),
    Mutation(
        "a new operation",
        _new_operation,
        NON_BREAKING,
        (("GET /302/headshot/styles", ""),),
        "nothing that exists changes",
    ),
    Mutation(
        "a widened request range (JSON Schema)",
        lambda s: field(s, "LogoInfo", "opacity").pop("minimum"),
        NON_BREAKING,
        ((P, f"{JSON}: req_json (decoded JSON).logo_info.opacity"),),
        "every value that was valid still is",
    ),
    Mutation(
        "a widened out-of-range honoured range",
        lambda s: _set(
            field(s, "HeadshotOptions", "width"),
            x_out_of_range={"minimum": 256, "maximum": 2048, "replacement": 1024},
        ),
        NON_BREAKING,
        both("width"),
        "every width that was honoured still is",
    ),
    Mutation(
        "a new response field",
        lambda s: _set(schema(s, "HeadshotResponse")["properties"], seed={"type": "integer"}),
        NON_BREAKING,
        ((H, f"{OK}: seed"),),
        "the deployed client keeps unknown fields in additional_properties",
    ),
    Mutation(
        "a new request enum value",
        lambda s: schema(s, "PersonType")["enum"].append("elder"),
        NON_BREAKING,
        both("person_type"),
        "callers may send one more value; what they send now stays valid",
    ),
    Mutation(
        "a new response enum value (our enums are open)",
        lambda s: field(s, "PortraitResultData", "status")["enum"].append("processing"),
        NON_BREAKING,
        ((P, f"{OK}: data.status"),),
        "the deployed client parses an unknown value to an UNKNOWN_ member",
        prepare=_status_enum,
    ),
    Mutation(
        "a new known response value",
        lambda s: field(s, "PortraitResultData", "status")["x-known-values"].append("cancelled"),
        NON_BREAKING,
        ((P, f"{OK}: data.status"),),
        "status is an open string; one more documented value breaks nothing",
    ),
    Mutation(
        "a new documented error status",
        lambda s: _set(
            op(s, PORTRAIT)["responses"],
            **{"404": {"description": "no such task", "content": {}}},
        ),
        NON_BREAKING,
        ((P, "response 404"),),
        "errors already raise typed exceptions; it only documents one more",
    ),
    Mutation(
        "a request field that becomes optional",
        lambda s: _set(schema(s, "HeadshotOptions"), required=[]),
        NON_BREAKING,
        both("person_type"),
        "callers that send it keep working",
    ),
    Mutation(
        "a response field that becomes required",
        lambda s: _set(schema(s, "AlgorithmBaseResp"), required=["status_code"]),
        NON_BREAKING,
        ((P, f"{OK}: data.algorithm_base_resp.status_code"),),
        "callers receive at least what they did",
    ),
    Mutation(
        "auth that becomes optional",
        lambda s: op(s, HEADSHOT)["security"].append({}),
        NON_BREAKING,
        ((H, "security"),),
        "callers sending a key keep working",
    ),
    Mutation(
        "a paid operation that becomes free",
        lambda s: _set(op(s, HEADSHOT), x_paid=False),
        NON_BREAKING,
        ((H, ""),),
        "the same calls cost less",
    ),
    Mutation(
        "a new request media type",
        lambda s: _set(
            op(s, HEADSHOT)["requestBody"]["content"],
            **{"application/x-www-form-urlencoded": {"schema": {"type": "object"}}},
        ),
        NON_BREAKING,
        ((H, "request body application/x-www-form-urlencoded"),),
        "the existing content types still work",
    ),
    Mutation(
        "a new response header",
        lambda s: _set(
            op(s, HEADSHOT)["responses"]["200"],
            headers={"X-Request-Id": {"schema": {"type": "string"}}},
        ),
        NON_BREAKING,
        ((H, "response 200 header X-Request-Id"),),
        "callers ignore headers they do not read",
    ),
    Mutation(
        "a request field that accepts null",
        lambda s: _set(field(s, "HeadshotOptions", "custom_prompt"), type=["string", "null"]),
        NON_BREAKING,
        both("custom_prompt"),
        "what callers send stays valid",
    ),
    # ---- info ----
    Mutation(
        "a changed x-source",
        lambda s: _set(schema(s, "PersonType"), x_source="documented: 000 (re-read)"),
        INFO,
        both("person_type"),
        "provenance is documentation",
    ),
    Mutation(
        "a changed request example",
        lambda s: op(s, HEADSHOT)["requestBody"]["content"]["application/json"]["examples"].pop(
            "custom_prompt"
        ),
        INFO,
        ((H, JSON),),
        "examples are documentation",
    ),
    Mutation(
        "a changed operation summary",
        lambda s: _set(op(s, PORTRAIT), summary="Poll a portrait task"),
        INFO,
        ((P, ""),),
        "summaries are documentation",
    ),
    Mutation(
        "a changed Chinese field label",
        lambda s: _set(field(s, "HeadshotOptions", "width"), x_doc_label="宽度"),
        INFO,
        both("width"),
        "x-doc-label is documentation",
    ),
    Mutation(
        "a changed enum label",
        lambda s: _set(field(s, "LogoInfo", "position"), x_enum_names=["BR", "BL", "TL", "TR"]),
        INFO,
        ((P, f"{JSON}: req_json (decoded JSON).logo_info.position"),),
        "x-enum-names labels values for people; the generated names come from x-enum-varnames",
    ),
    Mutation(
        "a changed version number only",
        lambda s: _set(s["info"], version="0.2.0"),
        INFO,
        (("", "info"),),
        "the version labels the document",
    ),
    Mutation(
        "a changed error response description",
        lambda s: _set(s["components"]["responses"]["Unauthorized"], description="No key."),
        INFO,
        ((H, "response 401"), (P, "response 401")),
        "descriptions are documentation",
    ),
)


SPEC = load_spec()  # parsed once: the mutations work on deep copies


def _changes(mutation: Mutation) -> list[Change]:
    old = copy.deepcopy(SPEC)
    if mutation.prepare is not None:
        mutation.prepare(old)
    new = copy.deepcopy(old)
    mutation.change(new)
    assert new != old, "the mutation changed nothing"
    return compare_specs(old, new)


def test_the_corpus_has_at_least_forty_mutations_of_each_kind_needed() -> None:
    assert len(CORPUS) >= 40
    assert len({m.rule for m in CORPUS}) == len(CORPUS)
    assert {m.level for m in CORPUS} == set(Level)


@pytest.mark.parametrize("mutation", CORPUS, ids=[m.rule for m in CORPUS])
def test_each_change_is_classified_where_it_takes_effect(mutation: Mutation) -> None:
    changes = _changes(mutation)
    shown = "\n".join(
        f"{c.level.label} | {c.operation} | {c.location} | {c.message}" for c in changes
    )
    assert max(c.level for c in changes) is mutation.level, f"{mutation.why}\n{shown}"
    for operation, location in mutation.where:
        assert any(
            c.operation == operation and c.location == location and c.level is mutation.level
            for c in changes
        ), f"expected {mutation.level.label} at {operation} {location}: {mutation.why}\n{shown}"


def test_an_unchanged_spec_has_no_changes() -> None:
    assert compare_specs(SPEC, copy.deepcopy(SPEC)) == []
