"""Property tests: for any integer (and any numeric text in multipart), the mock's URL count
and image size are what the page says. The numbers are the page's (HeadshotPage), which
test_spec_seed_fidelity ties to the spec's `x-out-of-range`: never that extension itself,
which is what the mock under test reads."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from starlette.testclient import TestClient

from contract_tests.conftest import AUTH
from contract_tests.images import data_uri, image_bytes
from contract_tests.seedpages import HeadshotPage
from contract_tests.specfile import HEADSHOT
from mockserver.app import create_app

PAGE = {field.name: field for field in HeadshotPage.body_fields}
RANGED = [name for name, field in PAGE.items() if field.minimum is not None]
CLIENT = TestClient(create_app())
IMAGE = data_uri()
PNG = image_bytes()


def expected(name: str, value: int | None) -> int:
    field = PAGE[name]
    if value is None:
        assert field.default is not None
        return int(field.default)
    assert field.minimum is not None and field.maximum is not None
    assert field.replacement is not None
    return value if field.minimum <= value <= field.maximum else field.replacement


def near_bounds(name: str) -> st.SearchStrategy[int]:
    low, high = PAGE[name].minimum, PAGE[name].maximum
    assert low is not None and high is not None
    edges = st.sampled_from([low, high]).flatmap(lambda edge: st.integers(edge - 3, edge + 3))
    return st.one_of(edges, st.integers(-(10**12), 10**12), st.integers(-(2**70), 2**70))


def values() -> st.SearchStrategy[dict[str, int | None]]:
    return st.fixed_dictionaries({name: st.none() | near_bounds(name) for name in RANGED})


def _check(response: Any, chosen: dict[str, int | None]) -> None:
    assert response.status_code == 200, response.text
    urls = response.json()["headshot_url_list"]
    assert len(urls) == expected("num", chosen["num"])
    image = Image.open(io.BytesIO(CLIENT.get(urls[-1]).content))
    assert image.size == (expected("width", chosen["width"]), expected("height", chosen["height"]))


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(chosen=values())
def test_json_integers_are_kept_in_range_and_replaced_outside(
    chosen: dict[str, int | None],
) -> None:
    body = {
        "image": IMAGE,
        "person_type": "male",
        **{k: v for k, v in chosen.items() if v is not None},
    }
    _check(CLIENT.post(HEADSHOT, json=body, headers=AUTH), chosen)


@SETTINGS
@given(chosen=values(), spelling=st.sampled_from(["{}", " {} ", "{}.0", "+{}"]))
def test_multipart_numeric_text_follows_the_same_rules(
    chosen: dict[str, int | None], spelling: str
) -> None:
    form = {"person_type": "kid"}
    for name, value in chosen.items():
        if value is not None:
            text = spelling.format(value)
            form[name] = text.replace("+-", "-")
    response = CLIENT.post(
        HEADSHOT, headers=AUTH, files={"image": ("a.png", PNG, "image/png")}, data=form
    )
    _check(response, chosen)
