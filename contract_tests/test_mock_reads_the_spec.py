"""The mock takes its API facts from the spec: change one in a copy of the spec and the mock
follows, or refuses to start with a message that says what the spec lacks."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH, assert_error, headshot_body
from contract_tests.images import data_uri
from contract_tests.specfile import HEADSHOT, PORTRAIT, SPEC_PATH, load_spec
from mockserver import spec_loader
from mockserver.app import create_app
from mockserver.config import MockConfig
from mockserver.spec_loader import SpecError

SPEC = load_spec()


def _app(tmp_path: Path, change: Callable[[dict[str, Any]], None], **config: Any) -> Any:
    spec = copy.deepcopy(SPEC)
    change(spec)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return create_app(MockConfig(spec_path=path, **config))


def _image_fields(spec: dict[str, Any]) -> list[dict[str, Any]]:
    schemas = spec["components"]["schemas"]
    return [
        schemas[name]["allOf"][1]["properties"]["image"]
        for name in ("HeadshotRequest", "HeadshotMultipartRequest")
    ]


def test_the_routing_err_codes_are_the_specs(tmp_path: Path) -> None:
    def renumber(spec: dict[str, Any]) -> None:
        spec["components"]["responses"]["NotFound"]["x-err-code"] = -1
        spec["components"]["responses"]["MethodNotAllowed"]["x-err-code"] = -2

    client = TestClient(_app(tmp_path, renumber))
    assert assert_error(client.get("/nowhere"), 404)["err_code"] == -1
    assert assert_error(client.get(HEADSHOT), 405)["err_code"] == -2


def test_each_operation_answers_with_its_own_documented_err_code(tmp_path: Path) -> None:
    def renumber(spec: dict[str, Any]) -> None:
        spec["components"]["responses"]["PortraitBadRequest"]["x-err-code"] = -3

    client = TestClient(_app(tmp_path, renumber))
    portrait = client.post(PORTRAIT, json={"task_id": 7})
    headshot = client.post(HEADSHOT, json=headshot_body(image=7), headers=AUTH)
    assert assert_error(portrait, 400, "task_id")["err_code"] == -3
    bad_request = SPEC["components"]["responses"]["BadRequest"]["x-err-code"]
    assert assert_error(headshot, 400, "image")["err_code"] == bad_request


def test_a_spec_without_an_err_code_for_a_status_the_mock_sends_is_refused(
    tmp_path: Path,
) -> None:
    def drop_405(spec: dict[str, Any]) -> None:
        del spec["x-routing-errors"]["405"]

    with pytest.raises(SpecError, match=r"no err_code for status \[405\]"):
        _app(tmp_path, drop_405)


def test_the_body_limit_is_the_specs_unless_max_body_is_given(tmp_path: Path) -> None:
    def shrink(spec: dict[str, Any]) -> None:
        spec["x-max-body-bytes"] = 100

    body = headshot_body(custom_prompt="x" * 200)
    limited = TestClient(_app(tmp_path, shrink))
    assert_error(limited.post(HEADSHOT, json=body, headers=AUTH), 413, "100 bytes")
    widened = TestClient(_app(tmp_path, shrink, max_body_bytes=10_000_000))
    assert widened.post(HEADSHOT, json=body, headers=AUTH).status_code == 200


def test_the_accepted_image_formats_are_the_specs(tmp_path: Path) -> None:
    def add_gif(spec: dict[str, Any]) -> None:
        for image in _image_fields(spec):
            image["x-image-types"] = [*image["x-image-types"], "image/gif"]

    gif = headshot_body(image=data_uri("GIF"))
    as_specified = TestClient(create_app())
    assert_error(as_specified.post(HEADSHOT, json=gif, headers=AUTH), 400, "image")
    with_gif = TestClient(_app(tmp_path, add_gif))
    assert with_gif.post(HEADSHOT, json=gif, headers=AUTH).status_code == 200


def test_an_image_type_no_decoder_reads_is_refused_at_start_up(tmp_path: Path) -> None:
    def add_unknown(spec: dict[str, Any]) -> None:
        _image_fields(spec)[0]["x-image-types"] = ["image/x-unheard-of"]

    with pytest.raises(SpecError, match="image/x-unheard-of"):
        _app(tmp_path, add_unknown)


def test_an_operation_with_no_handler_replays_its_first_200_example(tmp_path: Path) -> None:
    def add_operation(spec: dict[str, Any]) -> None:
        operation = copy.deepcopy(spec["paths"][PORTRAIT]["post"])
        operation["operationId"] = "get_portrait_result_again"
        spec["paths"][PORTRAIT + "_again"] = {"post": operation}

    client = TestClient(_app(tmp_path, add_operation))
    response = client.post(PORTRAIT + "_again", json={"task_id": "t"})
    examples = SPEC["paths"][PORTRAIT]["post"]["responses"]["200"]["content"]["application/json"]
    assert response.json() == next(iter(examples["examples"].values()))["value"]


def test_a_handler_for_an_operation_the_spec_no_longer_declares_stops_start_up(
    tmp_path: Path,
) -> None:
    def rename(spec: dict[str, Any]) -> None:
        spec["paths"][HEADSHOT]["post"]["operationId"] = "make_headshot"

    with pytest.raises(SpecError, match=SPEC["paths"][HEADSHOT]["post"]["operationId"]):
        _app(tmp_path, rename)


REQUEST_EXAMPLES = [
    pytest.param(path, media_type, name, example["value"], id=f"{path} {media_type} {name}")
    for path, item in SPEC["paths"].items()
    for media_type, media in item["post"]["requestBody"]["content"].items()
    for name, example in media.get("examples", {}).items()
]


@pytest.mark.parametrize(("path", "media_type", "name", "value"), REQUEST_EXAMPLES)
def test_every_request_example_is_real_and_the_mock_accepts_it(
    path: str, media_type: str, name: str, value: dict[str, Any]
) -> None:
    # A placeholder would live under x-page-example; `examples` hold only real requests.
    client = TestClient(create_app())
    if media_type == "multipart/form-data":
        fields = {key: (None, str(item)) for key, item in value.items()}
        response = client.post(path, files=fields, headers=AUTH)
    else:
        response = client.post(path, json=value, headers=AUTH)
    assert response.status_code == 200, (name, response.text)


def test_the_mock_reads_the_same_spec_data_as_pure_python_yaml() -> None:
    # The mock parses with libyaml where available (start-up speed): what it reads must be
    # exactly what PyYAML's pure-Python safe loader reads, in value, type and key order.
    text = SPEC_PATH.read_bytes()
    loaded = spec_loader.load_spec(SPEC_PATH).raw
    reference = yaml.load(text, Loader=yaml.SafeLoader)
    assert loaded == reference
    assert repr(loaded) == repr(reference)
