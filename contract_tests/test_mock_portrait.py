"""POST /doubao/drawing/portrait_result on the mock, as the page documents it."""

from __future__ import annotations

import base64
import io
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH, assert_error, fetch_image
from contract_tests.images import data_uri
from contract_tests.seedpages import PortraitPage
from contract_tests.specfile import PORTRAIT, PORTRAIT_SUBMIT, load_spec, operation

SPEC = load_spec()
EXAMPLES = operation(SPEC, PORTRAIT)["responses"]["200"]["content"]["application/json"]["examples"]
STATUS_SCHEMA = SPEC["components"]["schemas"]["PortraitResultData"]["properties"]["status"]

TASK_ID_SCHEMA = SPEC["components"]["schemas"]["PortraitResultRequest"]["properties"]["task_id"]

MEANING = STATUS_SCHEMA["x-status-meaning"]


def post(client: TestClient, body: dict[str, Any], **headers: str) -> Any:
    return client.post(PORTRAIT, json=body, headers=headers)


def submit(client: TestClient, **fields: Any) -> str:
    """A task through the submit step (512x512 unless asked: small images test fast)."""
    body = {"image_input": data_uri(), "width": 512, "height": 512, **fields}
    response = client.post(PORTRAIT_SUBMIT, json=body, headers=AUTH)
    assert response.status_code == 200, response.text
    task_id: str = response.json()["data"]["task_id"]
    return task_id


def req_json(**fields: Any) -> str:
    return json.dumps(fields)


def test_authorization_is_optional_here_but_must_be_well_formed(client: TestClient) -> None:
    assert post(client, {"task_id": "t1"}).status_code == 200
    assert post(client, {"task_id": "t1"}, **AUTH).status_code == 200
    assert_error(post(client, {"task_id": "t1"}, Authorization="Token x"), 401)


def test_task_id_is_required(client: TestClient) -> None:
    assert_error(post(client, {"req_json": "{}"}), 400, "task_id")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("not json", ("req_json", "not valid JSON")),
        (req_json(return_url="yes"), ("req_json.return_url",)),
        (req_json(logo_info={"position": 4}), ("req_json.logo_info.position",)),
        (req_json(logo_info={"language": 2}), ("req_json.logo_info.language",)),
        (req_json(logo_info={"opacity": 2}), ("req_json.logo_info.opacity",)),
        ("[1, 2]", ("req_json",)),
        # Valid JSON with an integer beyond 64 bits: a schema error, not a parse error.
        (
            '{"logo_info": {"position": 1000000000000000000000000000000}}',
            ("req_json.logo_info.position",),
        ),
        ("[" * 100 + "]" * 100, ("req_json", "deeper")),
    ],
)
def test_req_json_must_be_json_of_the_documented_shape(
    client: TestClient, value: str, words: tuple[str, ...]
) -> None:
    assert_error(post(client, {"task_id": "t1", "req_json": value}), 400, *words)


def test_req_json_must_be_a_string_not_an_object(client: TestClient) -> None:
    assert_error(post(client, {"task_id": "t1", "req_json": {"return_url": True}}), 400, "req_json")


def test_an_unknown_task_id_reports_not_found_as_upstream(client: TestClient) -> None:
    body = post(client, {"task_id": "never-submitted"}).json()
    assert body["code"] == 10000
    assert MEANING[body["data"]["status"]] == "not_found"
    assert body["data"]["image_urls"] == [] and body["data"]["binary_data_base64"] == []


def test_an_empty_task_id_is_refused_because_the_spec_says_min_length_1(
    client: TestClient,
) -> None:
    assert TASK_ID_SCHEMA["minLength"] == 1
    assert_error(post(client, {"task_id": ""}), 400, "task_id")


def test_accept_any_task_id_keeps_the_lenient_behaviour(make_client: Any) -> None:
    client = make_client(accept_any_task_id=True)
    body = post(client, {"task_id": "submitted-elsewhere"}).json()
    assert body["data"]["status"] == STATUS_SCHEMA["x-lifecycle"][-1]
    assert len(body["data"]["binary_data_base64"]) == 1


def test_a_submitted_task_is_done_with_a_base64_image_by_default(client: TestClient) -> None:
    body = post(client, {"task_id": submit(client, width=600, height=700)}).json()
    assert body["code"] == 10000 and body["data"]["status"] == "done"
    assert body["data"]["image_urls"] == []
    (encoded,) = body["data"]["binary_data_base64"]
    image = Image.open(io.BytesIO(base64.b64decode(encoded)))
    assert image.format == "PNG" and image.size == (600, 700)


def test_return_url_fills_image_urls_with_links_the_mock_serves(client: TestClient) -> None:
    task_id = submit(client)
    body = post(client, {"task_id": task_id, "req_json": req_json(return_url=True)}).json()
    assert body["data"]["binary_data_base64"] == []
    (url,) = body["data"]["image_urls"]
    assert fetch_image(client, url).format == "PNG"


@pytest.mark.parametrize("return_url", [True, False])
def test_the_response_format_query_changes_nothing(client: TestClient, return_url: bool) -> None:
    """The spec: what `?response_format=url` does is unknown, so it is accepted and ignored."""
    task_id = submit(client)
    body = {"task_id": task_id, "req_json": req_json(return_url=return_url)}
    plain = client.post(PORTRAIT, json=body).json()["data"]
    asked = client.post(PORTRAIT + "?response_format=url", json=body).json()["data"]
    assert plain == asked
    assert bool(asked["image_urls"]) is return_url
    assert bool(asked["binary_data_base64"]) is not return_url


def _yellow_quadrant(image: Image.Image) -> set[str]:
    """Quadrants holding the watermark's yellow text."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    found = set()
    for x in range(0, width, 2):
        for y in range(0, height, 2):
            r, g, b = rgb.getpixel((x, y))  # type: ignore[misc]
            if r > 200 and g > 200 and b < 80:
                found.add(
                    ("top" if y < height / 2 else "bottom")
                    + " "
                    + ("left" if x < width / 2 else "right")
                )
    return found


@pytest.mark.parametrize("return_url", [True, False])
@pytest.mark.parametrize("position", [0, 1, 2, 3])
def test_add_logo_draws_the_watermark_at_the_documented_corner(
    client: TestClient, position: int, return_url: bool
) -> None:
    logo = {"add_logo": True, "position": position, "language": 1}
    task_id = submit(client)
    body = post(
        client, {"task_id": task_id, "req_json": req_json(logo_info=logo, return_url=return_url)}
    ).json()
    if return_url:
        image = fetch_image(client, body["data"]["image_urls"][0])
    else:
        image = Image.open(io.BytesIO(base64.b64decode(body["data"]["binary_data_base64"][0])))
    corner = SPEC["components"]["schemas"]["LogoInfo"]["properties"]["position"]["x-enum-names"][
        position
    ]
    assert _yellow_quadrant(image) == {corner}


def test_no_watermark_unless_add_logo(client: TestClient) -> None:
    task_id = submit(client)
    body = post(client, {"task_id": task_id, "req_json": req_json(logo_info={"position": 2})})
    body = body.json()
    image = Image.open(io.BytesIO(base64.b64decode(body["data"]["binary_data_base64"][0])))
    assert _yellow_quadrant(image) == set()


def _page_request(client: TestClient, **headers: str) -> Any:
    return client.post(
        PORTRAIT + "?response_format=url",
        content=json.dumps(PortraitPage.request_example, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", **AUTH, **headers},
    )


def test_prefer_example_replays_the_pages_response_byte_for_byte(client: TestClient) -> None:
    response = _page_request(client, Prefer="example=page_example")
    assert response.status_code == 200
    compact = json.dumps(PortraitPage.response_example, ensure_ascii=False, separators=(",", ":"))
    assert response.content == compact.encode("utf-8")


def test_the_pages_task_id_replays_the_page_with_a_link_to_the_mock(client: TestClient) -> None:
    body = _page_request(client).json()
    page = PortraitPage.response_example
    assert body == page | {"data": body["data"]}
    assert {k: v for k, v in body["data"].items() if k != "image_urls"} == {
        k: v for k, v in page["data"].items() if k != "image_urls"
    }
    # The page's request asks for links (return_url true): one, served by the mock.
    (url,) = body["data"]["image_urls"]
    assert fetch_image(client, url).format == "PNG"


@pytest.mark.parametrize("status", STATUS_SCHEMA["x-known-values"])
def test_prefer_example_gives_each_status_example_verbatim(client: TestClient, status: str) -> None:
    by_prefer = post(client, {"task_id": "whatever"}, Prefer=f"example={status}").json()
    assert by_prefer == EXAMPLES[status]["value"]


@pytest.mark.parametrize(
    "status", [s for s in STATUS_SCHEMA["x-known-values"] if MEANING[s] != "done"]
)
def test_a_task_id_named_like_a_status_replays_that_status(client: TestClient, status: str) -> None:
    assert post(client, {"task_id": status}).json() == EXAMPLES[status]["value"]


@pytest.mark.parametrize("return_url", [True, False])
def test_the_done_replay_honours_return_url_with_images_from_the_mock(
    client: TestClient, return_url: bool
) -> None:
    body = post(client, {"task_id": "done", "req_json": req_json(return_url=return_url)}).json()
    data = body["data"]
    assert data["status"] == "done"
    if return_url:
        assert data["binary_data_base64"] == []
        (url,) = data["image_urls"]
        assert fetch_image(client, url).format == "PNG"
    else:
        assert data["image_urls"] == []
        (encoded,) = data["binary_data_base64"]
        assert Image.open(io.BytesIO(base64.b64decode(encoded))).format == "PNG"


def test_task_lifecycle_follows_the_injected_clock(make_client: Any) -> None:
    now = [1000.0]
    client = make_client(task_duration_s=6.0, clock=lambda: now[0])
    task_id = submit(client)
    seen = []
    for t in (0.0, 2.9, 3.0, 5.9, 6.0, 60.0):
        now[0] = 1000.0 + t
        seen.append(post(client, {"task_id": task_id}).json()["data"]["status"])
    assert seen == ["in_queue", "in_queue", "generating", "generating", "done", "done"]
    assert STATUS_SCHEMA["x-lifecycle"] == ["in_queue", "generating", "done"]


def test_lifecycle_state_is_bounded(make_client: Any) -> None:
    client = make_client(task_duration_s=6.0, max_tasks=5, clock=lambda: 0.0)
    first = submit(client)
    for _ in range(50):
        submit(client)
    lifecycle = client.app.state.mock.lifecycle
    assert len(lifecycle) == 5
    # The oldest was forgotten: it is unknown now, as an expired task is upstream.
    assert MEANING[post(client, {"task_id": first}).json()["data"]["status"]] == "not_found"


def test_in_progress_statuses_carry_no_images(make_client: Any) -> None:
    client = make_client(task_duration_s=6.0, clock=lambda: 0.0)
    task_id = submit(client)
    data = post(client, {"task_id": task_id, "req_json": req_json(return_url=True)}).json()["data"]
    assert data["status"] == "in_queue"
    assert data["image_urls"] == [] and data["binary_data_base64"] == []


def test_a_long_watermark_text_still_gives_a_link_the_mock_serves(client: TestClient) -> None:
    logo = {"add_logo": True, "logo_text_content": "w" * 1000}
    task_id = submit(client)
    body = post(client, {"task_id": task_id, "req_json": req_json(logo_info=logo, return_url=True)})
    (url,) = body.json()["data"]["image_urls"]
    assert fetch_image(client, url).format == "PNG"


def _link(client: TestClient, task_id: str, ask: str, **headers: str) -> str:
    data = post(client, {"task_id": task_id, "req_json": ask}, **headers).json()["data"]
    (url,) = data["image_urls"]
    return str(url)


def _watermark_logo(text: str) -> str:
    return req_json(return_url=True, logo_info={"add_logo": True, "logo_text_content": text})


def test_polling_again_links_to_the_same_image_and_each_task_to_its_own(
    client: TestClient,
) -> None:
    """The mock remembers the links it gave (PortraitLinks): what it answers again must be
    what it worked out the first time, for this task, watermark and host only."""
    small, large = submit(client, width=512, height=512), submit(client, width=600, height=700)
    ask = req_json(return_url=True)
    first = _link(client, small, ask)
    assert _link(client, small, ask) == first
    assert fetch_image(client, first).size == (512, 512)
    assert fetch_image(client, _link(client, large, ask)).size == (600, 700)
    twin = submit(client, width=512, height=512)  # as `small` in all but its id
    assert parse_qs(urlsplit(_link(client, twin, ask)).query)["person"] == [twin]
    marked = _link(client, small, _watermark_logo("水印一"))
    assert parse_qs(urlsplit(marked).query)["wm"] == ["水印一"]
    assert "wm" not in parse_qs(urlsplit(_link(client, small, ask)).query)
    # The host is the client's: a second one never gets the first one's links.
    elsewhere = _link(client, small, ask, Host="mock.example:8080")
    assert elsewhere == first.replace("http://testserver/", "http://mock.example:8080/")


def test_the_links_remembered_are_bounded_by_max_tasks(make_client: Any) -> None:
    client = make_client(max_tasks=5)
    task_id = submit(client)
    texts = [f"水印{n}" for n in range(12)]
    for text in [*texts, texts[0]]:  # the first again, long forgotten by then
        link = _link(client, task_id, _watermark_logo(text))
        assert parse_qs(urlsplit(link).query)["wm"] == [text]
    assert client.get("/_mock/stats").json()["portrait_links"] == {"size": 5, "capacity": 5}


def test_a_scripted_task_keeps_its_chosen_id_and_moves_with_the_clock(make_client: Any) -> None:
    now = [0.0]
    client = make_client(clock=lambda: now[0])
    made = client.post("/_mock/tasks", json={"task_id": "mine", "status": "expired", "duration": 4})
    assert made.status_code == 201
    assert made.json() == {"task_id": "mine", "status": "expired", "duration": 4.0, "polls": 0}
    seen = []
    for t in (0.0, 2.0, 4.0):
        now[0] = t
        seen.append(post(client, {"task_id": "mine"}).json()["data"]["status"])
    assert seen == [*STATUS_SCHEMA["x-lifecycle"][:-1], "expired"]


@pytest.mark.parametrize(
    ("scenario", "field"),
    [
        ({"status": "generating"}, "status"),  # pending, not a final status
        ({"status": "finished"}, "status"),
        ({"duration": -1}, "duration"),
        ({"duration": "6s"}, "duration"),
        ({"polls": 1.5}, "polls"),
        ({"polls": True}, "polls"),
        ({"task_id": ""}, "task_id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_scripted_task_with_a_bad_scenario_gets_400_naming_the_field(
    client: TestClient, scenario: dict[str, Any], field: str
) -> None:
    assert_error(client.post("/_mock/tasks", json=scenario), 400, field)


def test_a_scripted_task_body_must_be_a_json_object(client: TestClient) -> None:
    assert_error(client.post("/_mock/tasks", content=b"[1]"), 400, "object")
