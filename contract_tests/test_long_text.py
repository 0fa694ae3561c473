"""The long-text route (mockserver/long_text.py) gives the spec pattern's own answer.

The route decides "matches" for a long data URI without running the regex over it; the
regex itself (jsonschema_rs on the spec's `pattern`) is the reference every case is
checked against, and a body passes or fails validation exactly as with the whole validator.
"""

from __future__ import annotations

import base64
import dataclasses
import random
from typing import Any

import pybase64
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from contract_tests import images
from contract_tests.specfile import HEADSHOT, SPEC_PATH, flat_properties, load_spec, resolve
from mockserver import long_text, spec_loader
from mockserver.errors import MockError
from mockserver.image_input import check_images, image_checks
from mockserver.long_text import (
    LONG_TEXT_CHARS,
    TextPattern,
    long_tail,
    strict_base64,
    take_decoded,
    without_field_pattern,
)
from mockserver.schema_validation import validate

SPEC = load_spec()
JSON_BODY = resolve(SPEC, SPEC["paths"][HEADSHOT]["post"]["requestBody"])["content"][
    "application/json"
]["schema"]
IMAGE = flat_properties(SPEC, JSON_BODY)[0]["image"]
PATTERN = TextPattern(IMAGE["pattern"])

PREFIXES = [
    "data:image/png;base64,",
    "data:image/png;charset=x;base64,",
    "data:image/png,",
    "data:image/;base64,",
    "data:image/png;a,b;base64,",
    "data:image/png;base64;base64,",
    "data:text/png;base64,",
    "data:image/p g;base64,",
    "data:image/png;x=1;base64,,",
    "http://example.com/",
    "https://example.com/a b,",
]
EDITS = "ABCxyz019+/=,;: \n\u00e9.-\u3000"


@pytest.fixture(params=["as shipped", 4, 12])
def base64_slices(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The route's base64 decoded in slices as shipped (1 MiB: one slice for these texts),
    or in slices of a few characters, so that a run spans many."""
    if request.param != "as shipped":
        monkeypatch.setattr(long_text, "BASE64_SLICE_CHARS", request.param)


def long_base64(rng: random.Random) -> str:
    return base64.b64encode(
        rng.randbytes(rng.randint(LONG_TEXT_CHARS, 2 * LONG_TEXT_CHARS))
    ).decode()


def mutated(rng: random.Random) -> tuple[str, int]:
    """A long data URI (or link) with up to 3 random edits, and how many it got."""
    text = rng.choice(PREFIXES) + long_base64(rng)
    edits = rng.randint(0, 3)
    for _ in range(edits):
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.4:
            text = text[:at] + rng.choice(EDITS) + text[at:]
        elif roll < 0.7:
            text = text[:at] + text[at + 1 :]
        else:
            text += rng.choice(["=", "==", "===", "A", ",", " "])
    return text, edits


def test_the_route_says_matches_only_where_the_spec_pattern_matches(base64_slices: None) -> None:
    rng = random.Random(17)
    unedited_valid = 0
    for _ in range(1500):
        text, edits = mutated(rng)
        expected = PATTERN.validator.is_valid(text)
        routed = PATTERN.matches_long(text)
        if routed:
            assert expected, text[:80]
        assert PATTERN.is_valid(text) == expected, text[:80]
        if expected and edits == 0 and text.startswith("data:"):
            # Real base64, as a client sends it: the route is not idle.
            assert routed, text[:80]
            unedited_valid += 1
    assert unedited_valid > 50


@pytest.mark.parametrize("extra", [0, 1, 2])
def test_every_valid_long_base64_data_uri_takes_the_route(extra: int) -> None:
    data = base64.b64encode(bytes(range(256)) * 4 + b"x" * extra).decode()  # 0, 2, 1 pads
    text = "data:image/webp;name=me.webp;base64," + data
    assert PATTERN.validator.is_valid(text)
    assert PATTERN.matches_long(text)


@pytest.mark.parametrize(
    "text",
    [
        "data:image/png;base64," + "A" * LONG_TEXT_CHARS + "===",  # three pads
        "data:image/png;base64," + "A" * LONG_TEXT_CHARS + "=A",  # a pad inside
        "data:image/png;base64,=" + "A" * LONG_TEXT_CHARS,
        "data:image/png;base64," + "A" * LONG_TEXT_CHARS + "-",  # outside the alphabet
        "data:image/png;base64," + "A" * LONG_TEXT_CHARS + "\u00e9",
        "data:image/png;base64," + "A" * LONG_TEXT_CHARS + "\n",
        "data:image/png;base64,",  # an empty run
        "data:image/png;base" + "A" * LONG_TEXT_CHARS,  # no comma
        "data:image/png;base64," + "=" * LONG_TEXT_CHARS,
        "data:image;base64," + "A" * LONG_TEXT_CHARS,  # the prefix fails the pattern
    ],
)
def test_a_long_string_the_pattern_refuses_is_refused(text: str) -> None:
    assert not PATTERN.validator.is_valid(text)
    assert not PATTERN.matches_long(text)
    assert not PATTERN.is_valid(text)


def test_the_route_is_read_from_the_spec_pattern() -> None:
    tail = long_tail(IMAGE["pattern"])
    assert tail is not None
    # The spec's pattern ends `,[A-Za-z0-9+/]+={0,2})$`, its data branch starts with `d`.
    assert IMAGE["pattern"].endswith(",[A-Za-z0-9+/]+={0,2})$")
    assert (tail.first, tail.last, tail.pad, tail.max_pad) == ("d", b",", b"=", 2)
    letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    assert sorted(tail.alphabet) == sorted(letters + b"0123456789+/")
    # Another alphabet in the pattern is another alphabet in the route.
    other = long_tail("^(http://x|data:,[A-F]+={0,1})$")
    assert other is not None and other.alphabet == b"ABCDEF" and other.max_pad == 1


@pytest.mark.parametrize(
    "pattern",
    [
        "data:image/png;base64,[A-Za-z0-9+/]+={0,2}$",  # not anchored at the start
        "^data:image/png;base64,[A-Za-z0-9+/]+={0,2}",  # nor at the end
        "^data:,[A-Za-z0-9+/]*={0,2}$",  # the run may be empty
        "^data:,[A-Za-z0-9+/=]+={0,2}$",  # the pad is in the alphabet
        "^data:A[A-Za-z0-9+/]+={0,2}$",  # the prefix ends in the alphabet
        "^data:,[\\w+/]+={0,2}$",  # a category, not a set of characters
        "^data:,[^,]+={0,2}$",  # a negated class
        "^data:,[A-Za-z0-9+/]+=*$",  # unbounded pads
        "^(dat|data:,[A-Za-z0-9+/]+={0,2})$",  # two branches start alike
        "^([a-z]+|data:,[A-Za-z0-9+/]+={0,2})$",  # a branch starts with no literal
        "(?i)^data:,[A-Z]+={0,2}$",  # a flag
        "^data:,[A-Za-z0-9+/]+?={0,2}$",  # a lazy run
        "^(",  # not a regex
    ],
)
def test_a_pattern_of_another_shape_has_no_route(pattern: str) -> None:
    assert long_tail(pattern) is None


def headshot_models() -> tuple[spec_loader.BodyModel, spec_loader.BodyModel]:
    model = (
        spec_loader.load_spec(SPEC_PATH).operations["generate_headshot"].bodies["application/json"]
    )
    assert model.long_text is not None
    return model, dataclasses.replace(model, long_text=None)


def outcome(model: spec_loader.BodyModel, body: dict[str, Any]) -> str:
    try:
        validate(model, dict(body))
    except MockError as error:
        return f"{error.status} {error.key} {error.field}"
    return "valid"


@pytest.mark.parametrize(
    "extra",
    [
        {"person_type": "male"},
        {"person_type": "robot"},  # outside its enum
        {"person_type": "male", "num": "2"},  # a string for an integer
        {"person_type": "male", "num": 2, "width": 512},
        {},  # person_type missing
    ],
)
def test_a_body_routed_past_the_regex_is_judged_as_the_whole_validator_judges_it(
    extra: dict[str, Any],
) -> None:
    routed, whole = headshot_models()
    rng = random.Random(3)
    for image in ["data:image/png;base64," + long_base64(rng), mutated(rng)[0], "https://x.org/a"]:
        body = {"image": image, **extra}
        assert outcome(routed, body) == outcome(whole, body), (image[:60], extra)


def test_the_loose_schema_drops_only_the_image_pattern_and_leaves_the_spec_alone() -> None:
    before = repr(SPEC)
    loose = without_field_pattern(SPEC, JSON_BODY, "image", IMAGE["pattern"])
    assert repr(SPEC) == before
    text = repr(loose)
    assert IMAGE["pattern"] not in text
    # Everything else the body's schema says is still there (HeadshotOptions, inlined).
    assert "person_type" in text and "minLength" in text


def test_the_spec_alphabet_is_checked_by_strict_base64_and_another_by_translate() -> None:
    tail = long_tail(IMAGE["pattern"])
    assert tail is not None and tail.base64
    other = long_tail("^data:,[A-Za-z0-9+/]+={0,2}-?$")  # not of the shape: no route at all
    assert other is None
    hex_tail = long_tail("^data:,[A-Fa-f0-9]+={0,2}$")
    assert hex_tail is not None and not hex_tail.base64
    hex_pattern = TextPattern("^data:,[A-Fa-f0-9]+={0,2}$")
    text = "data:," + "ab12" * LONG_TEXT_CHARS
    assert hex_pattern.matches_long(text) and hex_pattern.matches_long(text + "==")
    for bad in (text + "g", text + "===", text + "=a", "data:,=" + text[6:]):
        assert not hex_pattern.matches_long(bad) and not hex_pattern.validator.is_valid(bad)


@pytest.mark.parametrize("alphabet", ["A-Za-z0-9+/", "A-Fa-f0-9"])
def test_a_prefix_holding_the_separator_is_judged_by_the_whole_regex(alphabet: str) -> None:
    """The route splits at the first c: where the prefix may hold c too, the run after it
    is no CLASS run, the route says nothing, and the regex's answer stands."""
    pattern = TextPattern(f"^(https://x|data:[a-z,]*,[{alphabet}]+={{0,2}})$")
    assert pattern.tail is not None
    text = "data:a,b," + "ab12" * LONG_TEXT_CHARS
    assert pattern.validator.is_valid(text) and pattern.is_valid(text)
    assert not pattern.matches_long(text)
    assert not pattern.is_valid(text + ",")


@pytest.mark.parametrize(
    "tail",
    ["A", "AA", "AAA", "AAAAA", "AA=", "A===", "AAAA\n", "AA==AA==", "AAAA=", "AAAA===="],
)
def test_base64_the_decoder_refuses_but_the_pattern_allows_goes_to_the_regex(
    tail: str, base64_slices: None
) -> None:
    text = "data:image/png;base64," + "A" * (LONG_TEXT_CHARS * 4) + tail
    assert PATTERN.is_valid(text) == PATTERN.validator.is_valid(text)
    if PATTERN.matches_long(text):
        assert PATTERN.validator.is_valid(text)


@settings(max_examples=800, deadline=None)
@given(
    st.text(alphabet="AB+/=\n-\u00e9", max_size=40),
    st.integers(0, 3),
    st.sampled_from([4, 8, 12]),
)
@example("QUFB" * 4 + "QQ==", 0, 4)
@example("QUFB" + "QQ==" + "QUFB", 0, 4)  # pads ending the first slice: refused as a whole
@example("QUFBQQ", 0, 4)  # the last slice short of its pads
def test_strict_base64_in_slices_gives_the_decoders_answer_on_the_whole_run(
    run: str, start: int, slice_chars: int
) -> None:
    value = "x,;"[:start] + run
    try:
        expected: bytes | None = pybase64.b64decode(value[start:], validate=True)
    except ValueError:
        expected = None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(long_text, "BASE64_SLICE_CHARS", slice_chars)
        decoded = strict_base64(value, start)
    assert (None if decoded is None else bytes(decoded)) == expected


def test_the_payload_the_route_decoded_is_taken_once_for_that_very_string(
    base64_slices: None,
) -> None:
    data = bytes(range(256)) * 8
    text = "data:image/png;base64," + base64.b64encode(data).decode()
    start = text.index(",") + 1
    assert PATTERN.matches_long(text)
    assert take_decoded(text, start) == data
    assert take_decoded(text, start) is None  # taken once
    assert PATTERN.matches_long(text)
    equal_copy = "".join(list(text))
    assert equal_copy == text and equal_copy is not text
    assert take_decoded(equal_copy, start) is None  # another string, however equal
    assert PATTERN.matches_long(text)
    assert take_decoded(text, start - 1) is None


@pytest.mark.parametrize(
    ("declared", "payload", "expected"),
    [
        ("image/png", "png", "valid"),
        ("image/jpeg", "png", "400 image.type_mismatch image"),
        ("image/png", "noise", "400 image.invalid image"),
    ],
)
def test_a_long_data_uri_gets_the_image_checks_answer_through_the_route(
    declared: str, payload: str, expected: str
) -> None:
    routed, whole = headshot_models()
    rules = image_checks(routed)
    rng = random.Random(5)
    raw = images.image_bytes("PNG", (64, 64)) if payload == "png" else rng.randbytes(4096)
    raw += rng.randbytes(2048) if payload == "png" else b""  # long enough for the route
    body = {"image": f"data:{declared};base64," + base64.b64encode(raw).decode()}
    body["person_type"] = "male"
    answers = []
    for model in (routed, whole):
        try:
            check_images(rules, validate(model, dict(body)), 40_000_000)
            answers.append("valid")
        except MockError as error:
            answers.append(f"{error.status} {error.key} {error.field}")
    assert answers == [expected, expected]
