"""What the mock remembers of a done portrait task's link (mockserver/portrait_links.py),
and what it must not: test_mock_portrait.py holds the answers to the same rules."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mockserver.config import MockConfig
from mockserver.context import CallContext
from mockserver.portrait_links import PortraitLinks
from mockserver.state import MockState

STATE = MockState(MockConfig())
OPERATION = STATE.spec.operations["get_portrait_result"]
# The prefix of every portrait image link the mock gives: its own image route.
IMAGES = "/_mock/images/portrait-"


def _context(task_id: str, options: Any, text: Any = None) -> CallContext:
    """The call as the handler sees it: `req_json` decoded in data, as sent in raw_data."""
    raw = {"task_id": task_id, "req_json": json.dumps(options) if text is None else text}
    data = {"task_id": task_id, "req_json": options}
    return CallContext(OPERATION, STATE.config, data, raw, "http://mock.test", "rid")


def _links() -> PortraitLinks:
    return PortraitLinks(STATE.spec.watermark, max_tasks=10)


def test_a_task_polled_at_two_sizes_gets_a_link_for_each() -> None:
    links = _links()
    ctx = _context("t1", {"return_url": True})
    assert links.path(ctx, (512, 512)).startswith(IMAGES + "512x512.png?")
    assert links.path(ctx, (600, 700)).startswith(IMAGES + "600x700.png?")
    assert links.path(ctx, (512, 512)).startswith(IMAGES + "512x512.png?")
    assert len(links) == 2


def _watermarked(text: str, ascii_only: bool = True) -> CallContext:
    options = {"return_url": True, "logo_info": {"add_logo": True, "logo_text_content": text}}
    return _context("t1", options, json.dumps(options, ensure_ascii=ascii_only))


def test_a_long_entry_is_answered_but_never_kept() -> None:
    links = _links()
    # A req_json longer than the limit by itself; then a short one (100 characters of
    # emoji, sent as UTF-8) whose link is long: each emoji is 12 characters encoded.
    # Either way the link carries the watermark, at most 200 characters of it (the image
    # route's bound on every text it draws).
    for ctx in (_watermarked("w" * PortraitLinks.ENTRY_CHARS), _watermarked("😀" * 100, False)):
        path = links.path(ctx, (512, 512))
        assert path.startswith(IMAGES + "512x512.png?")
        assert parse_qs(urlsplit(path).query)["wm"] == [
            ctx.data["req_json"]["logo_info"]["logo_text_content"][:200]
        ]
    assert len(links) == 0
    links.path(_watermarked("水印"), (512, 512))  # a short one is kept
    assert len(links) == 1


def test_a_base64_answer_takes_no_place() -> None:
    links = _links()
    assert links.path(_context("t1", {"return_url": False}), (512, 512)) == ""
    assert links.path(_context("t2", {}), (512, 512)) == ""
    assert len(links) == 0


def test_a_spec_that_types_req_json_as_an_object_is_still_answered() -> None:
    # --spec may declare req_json an object: the raw value is a dict, which no key can hold.
    links = _links()
    options = {"return_url": True}
    path = links.path(_context("t1", options, text=options), (512, 512))
    assert path.startswith(IMAGES + "512x512.png?")
    assert len(links) == 0


def test_the_store_never_outgrows_its_cap_whatever_max_tasks_says() -> None:
    links = PortraitLinks(STATE.spec.watermark, max_tasks=10**6)
    assert links.capacity == PortraitLinks.MAX_ENTRIES
    for n in range(PortraitLinks.MAX_ENTRIES + 5):
        links.path(_context(f"t{n}", {"return_url": True}), (64, 64))
    assert len(links) == PortraitLinks.MAX_ENTRIES
