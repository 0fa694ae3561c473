"""The image link check: a public http(s) link passes, anything else is refused, whether
the link takes the one-regex path or the urlsplit path (image_input.check_public_url).

Each link's verdict is stated here from the rule (the mock never fetches a link, so it
refuses those that name this machine or a private network), not recomputed."""

from __future__ import annotations

import pytest

from mockserver.errors import MockError
from mockserver.image_input import _check_split_url, check_public_url

PUBLIC = [
    "https://example.com/a.png",
    "http://cdn.example.co.uk:8080/img/a.jpg?x=1&y=2#frag",
    "https://EXAMPLE.com/A.PNG",
    "HTTPS://example.com/a.png",
    "https://a-b.example.com",
    "https://example.com?q",
    "https://user:pw@example.com/a.png",
    "https://example.com./a.png",
    "https://93.184.216.34/a.png",
    "https://1572395042/a.png",  # 93.184.216.34 as one number
    "https://93.184.216.34./a.png",
    "https://0x5d.184.216.34/a.png",
    "https://a1.example.com/a.png",  # digits in a name that ends in letters
    "https://[2606:4700::1111]/a.png",
    "https://example.com/路径/a.png",
]
REFUSED = [
    "http://localhost/a.png",
    "http://LOCALHOST.localdomain/a.png",
    "http://app.localhost/a.png",
    "http://x.LocalHost:80/a.png",
    "http://127.0.0.1/a.png",
    "http://10.0.0.1/a.png",
    "http://192.168.1.1/a.png",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/a.png",
    "http://localhost./a.png",
    "http://127.1/a.png",
    "http://2130706433/a.png",
    "http://0x7f000001/a.png",
    "http://0177.0.0.1/a.png",
    "http://0x7f.1/a.png",
    "http://[::ffff:127.0.0.1]/a.png",
    "http://999.1.1.1/a.png",
    "http://08.1.1.1/a.png",
    "ftp://example.com/a.png",
    "file:///etc/passwd",
    "https:///a.png",
    "https://[example.com/a.png",
]


@pytest.mark.parametrize("link", PUBLIC)
def test_a_public_link_passes_both_paths(link: str) -> None:
    check_public_url(link, "image")
    _check_split_url(link, "image")


@pytest.mark.parametrize("link", REFUSED)
def test_a_local_private_or_non_http_link_is_refused_by_both_paths(link: str) -> None:
    with pytest.raises(MockError) as fast:
        check_public_url(link, "image")
    with pytest.raises(MockError) as split:
        _check_split_url(link, "image")
    assert fast.value.status == split.value.status == 400
    assert fast.value.key == split.value.key
