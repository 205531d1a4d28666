"""The outbound gate: schemes, address classes, numeric spellings, redirects, DNS rebinding.

The servers are real (loopback). 127.0.0.1 is the only address the config admits; a
CANARY server on 127.0.0.2 stands for an internal service and must never see a request.
"""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from ingest_helpers import LocalServer, ingest_config, redirect, text
from newsdigest import gate
from newsdigest.errors import BlockedURL, FetchError
from newsdigest.fetch import Fetcher

LOOPBACK_ONLY = gate.parse_networks(["127.0.0.1/32"])


@pytest.fixture
def canary():
    with LocalServer({"*": text("secret")}, host="127.0.0.2") as srv:
        yield srv


@pytest.mark.parametrize(
    "url, why",
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://0177.0.0.1/", "loopback"),  # octal
        ("http://0x7f.0.0.1/", "loopback"),  # hex
        ("http://0x7f000001/", "loopback"),
        ("http://2130706433/", "loopback"),  # one decimal integer
        ("http://127.1/", "loopback"),  # short form
        ("http://127.0.0.1./", "loopback"),  # trailing dot
        ("http://10.0.0.1/", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://0xc0.0xa8.1.1/", "private"),
        ("http://100.64.0.1/", "cgnat"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),  # cloud metadata
        ("http://0.0.0.0/", "unspecified"),
        ("http://0/", "unspecified"),
        ("http://0.1.2.3/", "this-network"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://255.255.255.255/", "broadcast"),
        ("http://192.0.2.10/", "reserved"),  # documentation range: not global
        ("http://[::1]/", "loopback"),
        ("http://[::]/", "unspecified"),
        ("http://[fc00::1]/", "private"),
        ("http://[fd12:3456::1]/", "private"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[ff02::1]/", "multicast"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),  # IPv4-mapped
        ("http://[::ffff:a9fe:a9fe]/", "link-local"),
        ("http://[::127.0.0.1]/", "loopback"),  # IPv4-compatible
        ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 of 127.0.0.1
        ("http://[2002:a00:1::5]/", "private"),  # 6to4 of 10.0.0.1
        ("http://[64:ff9b::a9fe:a9fe]/", "link-local"),  # NAT64 of 169.254.169.254
        ("http://[64:ff9b:1::1]/", "nat64-local"),
    ],
)
def test_refuses_non_public_addresses_in_any_spelling(url, why):
    with pytest.raises(BlockedURL) as info:
        gate.check_url(url)
    msg = str(info.value)
    assert msg.startswith("fetch: address ") and why in msg and msg.endswith(url)
    assert info.value.reason == "blocked"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://example.com/",
        "data:text/html,x",
        "//example.com/",
        "http:///nohost",
    ],
)
def test_refuses_other_schemes_and_hostless_urls(url):
    with pytest.raises(BlockedURL) as info:
        gate.check_url(url)
    assert str(info.value).startswith("fetch: ")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a",
        "http://8.8.8.8/",
        "http://[2606:4700:4700::1111]/",
        "http://[2002:808:808::1]/",
    ],
)
def test_public_addresses_and_names_pass(url):
    assert gate.check_url(url) == url


def test_allow_networks_admit_and_numeric_hosts_are_rewritten():
    assert gate.check_url("http://0x7f.1:8080/a?b=1", LOOPBACK_ONLY) == "http://127.0.0.1:8080/a?b=1"
    assert gate.check_url("http://[::ffff:127.0.0.1]/", LOOPBACK_ONLY) == "http://[::ffff:127.0.0.1]/"
    with pytest.raises(BlockedURL):
        gate.check_url("http://127.0.0.2/", LOOPBACK_ONLY)


def test_parse_ipv4_loose_reads_what_a_resolver_reads():
    assert gate.parse_ipv4_loose("1.2.3") == ipaddress.IPv4Address("1.2.0.3")
    assert gate.parse_ipv4_loose("017700000001") == ipaddress.IPv4Address("127.0.0.1")
    for not_ip in ("example.com", "256.1.1.1", "4294967296", "08.1.1.1", "1..2", ""):
        assert gate.parse_ipv4_loose(not_ip) is None


def test_numeric_spelling_is_fetched_when_allowed_and_refused_otherwise():
    with LocalServer({"/ok": text("fine")}) as srv:
        with Fetcher(ingest_config()) as f:
            res = f.get(f"http://2130706433:{srv.port}/ok")
            assert res.content == b"fine" and res.url == f"http://127.0.0.1:{srv.port}/ok"
        with Fetcher(ingest_config(fetch_allow_networks="")) as f, pytest.raises(BlockedURL):
            f.get(f"http://0x7f.1:{srv.port}/ok")
        assert srv.paths().count("/ok") == 1


def test_redirect_to_refused_address_never_reaches_it(canary):
    targets = {
        "/to-ip": redirect(f"http://127.0.0.2:{canary.port}/secret"),
        "/to-hex": redirect(f"http://0x7f.0.0.2:{canary.port}/secret"),
        "/to-int": redirect(f"http://2130706434:{canary.port}/secret"),
        "/to-mapped": redirect(f"http://[::ffff:127.0.0.2]:{canary.port}/secret"),
        "/to-file": redirect("file:///etc/passwd"),
        "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
    }
    with LocalServer(targets) as srv, Fetcher(ingest_config()) as f:
        for path in targets:
            with pytest.raises(BlockedURL) as info:
                f.get(srv.url(path))
            assert str(info.value).startswith("fetch: ")
        assert set(srv.paths()) >= set(targets)
    assert canary.requests == []


def test_connect_time_check_refuses_names_that_resolve_inward(canary):
    resolver_calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        resolver_calls.append(host)
        return {"inside.test": ["127.0.0.2"], "mixed.test": ["127.0.0.1", "127.0.0.2"]}[host]

    transport = gate.GatedTransport(LOOPBACK_ONLY, resolver)
    with Fetcher(ingest_config(fetch_respect_robots=False), transport=transport) as f:
        with pytest.raises(BlockedURL) as info:
            f.get(f"http://inside.test:{canary.port}/secret")
        assert (
            str(info.value)
            == f"fetch: address 127.0.0.2 is loopback (refused): http://inside.test:{canary.port}/secret"
        )
        # One bad answer among good ones taints the name.
        with pytest.raises(BlockedURL):
            f.get(f"http://mixed.test:{canary.port}/secret")
    assert resolver_calls == ["inside.test", "mixed.test"]
    assert canary.requests == []


def test_dns_rebinding_connects_to_the_checked_address_only(canary):
    """First answer public-ish (allowed), later answers internal: each connection is
    judged on the address it actually uses, and the socket goes to that address."""
    answers = iter([["127.0.0.1"], ["127.0.0.2"], ["127.0.0.2"]])

    def resolver(host: str, port: int) -> list[str]:
        return next(answers)

    with LocalServer({"/page": text("public page")}, port=canary.port) as srv:
        transport = gate.GatedTransport(LOOPBACK_ONLY, resolver)
        with Fetcher(ingest_config(fetch_respect_robots=False), transport=transport) as f:
            res = f.get(f"http://rebind.test:{srv.port}/page")
            assert res.content == b"public page"
            # Host header keeps the name although the socket went to the checked IP.
            assert srv.requests[0].headers["host"] == f"rebind.test:{srv.port}"
            with pytest.raises(BlockedURL):
                f.get(f"http://rebind.test:{srv.port}/page")
    assert canary.requests == []


def test_gated_transport_checks_even_without_the_fetcher(canary):
    with httpx.Client(transport=gate.gated_transport(ingest_config())) as client:
        with pytest.raises(BlockedURL):
            client.get(canary.url("/secret"))
        with pytest.raises(BlockedURL):
            client.get(f"http://0x7f.0.0.2:{canary.port}/secret")
    assert canary.requests == []


def test_injected_transport_still_gets_url_checks():
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://10.1.2.3/admin"})

    cfg = ingest_config(fetch_allow_networks="", fetch_respect_robots=False)
    with Fetcher(cfg, transport=httpx.MockTransport(handler)) as f:
        with pytest.raises(BlockedURL) as info:
            f.get("https://news.example/story")
        assert "10.1.2.3" in str(info.value) and "private" in str(info.value)
        with pytest.raises(FetchError):
            f.get("http://169.254.169.254/")
    assert seen == ["https://news.example/story"]
