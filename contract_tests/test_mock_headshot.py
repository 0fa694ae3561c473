"""POST /302/headshot/generate on the mock, as the page documents it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH, assert_error, fetch_image, headshot_body
from contract_tests.images import data_uri, image_bytes
from contract_tests.seedpages import HeadshotPage
from contract_tests.specfile import HEADSHOT, load_spec, operation, resolve
from mockserver.app import create_app

SPEC = load_spec()
# The page's numbers (test_spec_seed_fidelity ties them to the spec): never the spec's
# x-out-of-range, which is what the mock itself reads.
PAGE = {field.name: field for field in HeadshotPage.body_fields}
RANGED = [name for name, field in PAGE.items() if field.minimum is not None]


def expected(name: str, value: int | None) -> int:
    """What the page says the server uses for `value`: kept in range, else replaced."""
    field = PAGE[name]
    if value is None:
        assert field.default is not None
        return int(field.default)
    assert field.minimum is not None and field.maximum is not None
    assert field.replacement is not None
    return value if field.minimum <= value <= field.maximum else field.replacement


def post(client: TestClient, body: dict[str, Any], **headers: str) -> Any:
    return client.post(HEADSHOT, json=body, headers={**AUTH, **headers})


def boundary_cases() -> list[tuple[str, int]]:
    cases = []
    for name in RANGED:
        low, high = PAGE[name].minimum, PAGE[name].maximum
        assert low is not None and high is not None
        cases += [(name, v) for v in (low - 1, low, high, high + 1, 0, -1, 10**6)]
    return cases


def test_the_page_gives_out_of_range_rules_for_num_width_height() -> None:
    assert set(RANGED) == {"num", "width", "height"}


@pytest.mark.parametrize(("name", "value"), boundary_cases())
def test_out_of_range_values_are_replaced_as_the_page_says(
    client: TestClient, name: str, value: int
) -> None:
    response = post(client, headshot_body(**{name: value}))
    assert response.status_code == 200, response.text
    urls = response.json()["headshot_url_list"]
    assert len(urls) == expected("num", value if name == "num" else None)
    image = fetch_image(client, urls[0])
    assert image.format == "WEBP"
    assert image.size == (
        expected("width", value if name == "width" else None),
        expected("height", value if name == "height" else None),
    )


def test_height_out_of_range_is_replaced_by_1024_not_the_default_768(client: TestClient) -> None:
    urls = post(client, headshot_body(height=5000)).json()["headshot_url_list"]
    assert fetch_image(client, urls[0]).size == (1024, 1024)
    urls = post(client, headshot_body()).json()["headshot_url_list"]
    assert fetch_image(client, urls[0]).size == (1024, 768)


def test_every_url_is_absolute_on_the_mock_and_serves_a_distinct_webp(client: TestClient) -> None:
    urls = post(client, headshot_body(num=4, width=256, height=300)).json()["headshot_url_list"]
    assert len(urls) == len(set(urls)) == 4
    for url in urls:
        assert fetch_image(client, url).size == (256, 300)


def test_a_whole_float_is_the_integer_and_a_boolean_is_not(client: TestClient) -> None:
    urls = post(client, headshot_body(width=1000.0, num=2.0)).json()["headshot_url_list"]
    assert len(urls) == 2 and fetch_image(client, urls[0]).size == (1000, 768)
    assert_error(post(client, headshot_body(width=True)), 400, "width", "integer")
    assert_error(post(client, headshot_body(num=1.5)), 400, "num")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"person_type": "female"}, "image"),
        ({"image": data_uri()}, "person_type"),
        (headshot_body(person_type="robot"), "person_type"),
        (headshot_body(style=18), "style"),
        (headshot_body(style="5"), "style"),
        (headshot_body(custom_prompt=7), "custom_prompt"),
        (headshot_body(model=None), "model"),
    ],
)
def test_invalid_requests_get_400_naming_the_field(
    client: TestClient, body: dict[str, Any], field: str
) -> None:
    error = assert_error(post(client, body), 400, field)
    documented = operation(SPEC, HEADSHOT)["responses"]["400"]
    assert error["err_code"] == resolve(SPEC, documented)["x-err-code"]


def test_multipart_with_a_file_part_and_numeric_text_fields(client: TestClient) -> None:
    response = client.post(
        HEADSHOT,
        headers=AUTH,
        files={"image": ("me.jpg", image_bytes("JPEG"), "image/jpeg")},
        data={"person_type": "kid", "num": "3", "width": "512", "height": "2000", "style": "15"},
    )
    assert response.status_code == 200, response.text
    urls = response.json()["headshot_url_list"]
    assert len(urls) == 3
    assert fetch_image(client, urls[0]).size == (512, 1024)


def test_multipart_accepts_a_url_or_data_uri_as_a_text_part(client: TestClient) -> None:
    for image in ("https://example.com/me.png", data_uri("WEBP")):
        response = client.post(
            HEADSHOT, headers=AUTH, files={"image": (None, image)}, data={"person_type": "male"}
        )
        assert response.status_code == 200, response.text


IMAGE = operation(SPEC, HEADSHOT)["requestBody"]["content"]["application/json"]
ACCEPTED = resolve(SPEC, IMAGE["schema"])["allOf"][1]["properties"]["image"]["x-image-types"]


@pytest.mark.parametrize("fmt", [mime.split("/")[1].upper() for mime in ACCEPTED])
def test_data_uri_images_of_each_accepted_type_are_accepted(client: TestClient, fmt: str) -> None:
    assert post(client, headshot_body(image=data_uri(fmt))).status_code == 200


def test_an_http_url_is_checked_for_syntax_only_and_never_fetched(client: TestClient) -> None:
    # .invalid never resolves (RFC 2606): a mock that fetched it would fail.
    response = post(client, headshot_body(image="https://photos.example.invalid/me.jpg"))
    assert response.status_code == 200


def test_custom_prompt_wins_over_style_in_the_rendered_image(client: TestClient) -> None:
    with_prompt = post(client, headshot_body(style=5, custom_prompt="astronaut")).json()
    with_style = post(client, headshot_body(style=5)).json()
    assert "text=astronaut" in with_prompt["headshot_url_list"][0]
    assert "text=Watercolor" in with_style["headshot_url_list"][0]
    assert "person=female" in with_style["headshot_url_list"][0]


def test_the_pages_success_example_is_served_when_asked_by_name(client: TestClient) -> None:
    response = post(client, headshot_body(), Prefer="example=page_example")
    assert response.status_code == 200
    assert response.json() == HeadshotPage.response_example


def test_the_pages_curl_example_with_a_valid_image_works(client: TestClient) -> None:
    body = {**HeadshotPage.request_example, "image": data_uri(), "style": 1}
    response = client.post(
        HEADSHOT,
        content=__import__("json").dumps(body),
        headers={"Authorization": "Bearer sk-jls4AaVBGoe1", "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    (url,) = response.json()["headshot_url_list"]
    image = Image.open(io.BytesIO(client.get(url).content))
    assert image.size == (body["width"], body["height"])


def test_a_binary_file_part_without_filename_or_type_is_read_as_a_file(client: TestClient) -> None:
    # httpx sends a `File` with no name or type this way; the bytes must not be decoded as text.
    png = image_bytes("PNG")
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="image"\r\n\r\n'.encode()
        + png
        + f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="person_type"\r\n\r\nkid\r\n'
        f"--{boundary}--\r\n".encode()
    )
    response = client.post(
        HEADSHOT,
        content=body,
        headers={**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 200, response.text


IMAGE_PATTERN = resolve(SPEC, IMAGE["schema"])["allOf"][1]["properties"]["image"]["pattern"]
AGREEMENT_CLIENT = TestClient(create_app())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    image=st.one_of(
        st.from_regex(IMAGE_PATTERN, fullmatch=True),
        st.text(st.characters(codec="utf-8"), max_size=40),
        st.sampled_from(["HTTP://example.com/a.png", "https://example.com/a b.png", data_uri()]),
    )
)
def test_the_image_pattern_is_applied_alike_to_json_and_to_a_multipart_text_part(
    image: str,
) -> None:
    client = AGREEMENT_CLIENT
    as_json = client.post(HEADSHOT, json=headshot_body(image=image), headers=AUTH)
    as_text_part = client.post(
        HEADSHOT, files={"image": (None, image)}, data={"person_type": "female"}, headers=AUTH
    )
    assert as_json.status_code == as_text_part.status_code, (as_json.text, as_text_part.text)
