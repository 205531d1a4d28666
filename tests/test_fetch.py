"""Fetcher against real local servers: bounds, conditional GET, redirects, retries, robots."""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest

from ingest_helpers import LocalServer, ingest_config, redirect, reply, text
from newsdigest.errors import FetchError, FetchTimeout, HTTPStatusError, RobotsDisallowed, TooLarge
from newsdigest.fetch import Fetcher, host_of, parse_retry_after
import itertools


def page_paths(srv: LocalServer) -> list[str]:
    return [p for p in srv.paths() if p != "/robots.txt"]


def test_plain_get_returns_bytes_headers_and_final_url():
    routes = {"/start": redirect("/final?x=1", 301), "/final": text("<p>hello</p>", ETag='"v1"')}
    with LocalServer(routes) as srv, Fetcher(ingest_config()) as f:
        res = f.get(srv.url("/start"), accept="text/html")
    assert res.status == 200 and res.content == b"<p>hello</p>"
    assert res.url == srv.url("/final?x=1")
    assert res.content_type == "text/html" and res.etag == '"v1"' and not res.not_modified
    first = srv.requests[-1].headers
    assert first["accept"] == "text/html" and first["user-agent"].startswith("newsdigest/")


def test_conditional_get_returns_not_modified():
    lm = "Tue, 10 Jun 2025 04:00:00 GMT"

    def conditional(h):
        if h.headers.get("If-None-Match") == '"abc"' or h.headers.get("If-Modified-Since") == lm:
            reply(h, 304, b"", {"ETag": '"abc"'})
        else:
            reply(h, 200, b"<rss/>", {"ETag": '"abc"', "Last-Modified": lm})

    with LocalServer({"/feed": conditional}) as srv, Fetcher(ingest_config()) as f:
        first = f.get(srv.url("/feed"))
        assert first.status == 200 and first.etag == '"abc"' and first.last_modified == lm
        again = f.get(srv.url("/feed"), etag=first.etag, last_modified=first.last_modified)
        assert again.not_modified and again.status == 304 and again.content == b""
        assert again.etag == '"abc"' and again.last_modified == lm
        only_date = f.get(srv.url("/feed"), last_modified=lm)
        assert only_date.not_modified
    sent = srv.requests[-2].headers
    assert sent["if-none-match"] == '"abc"' and sent["if-modified-since"] == lm


def test_size_cap_with_and_without_content_length():
    big = b"x" * 300_000

    def unannounced(h):  # HTTP/1.0 body to EOF: the cap must hold while streaming
        reply(h, 200, big, {"X-No-Length": "1"})

    with LocalServer({"/big": text(big), "/stream": unannounced, "/small": text(b"y" * 1000)}) as srv:
        with Fetcher(ingest_config(fetch_max_bytes=100_000)) as f:
            for path in ("/big", "/stream"):
                with pytest.raises(TooLarge) as info:
                    f.get(srv.url(path))
                assert info.value.reason == "too_large"
                assert str(info.value) == f"fetch: body larger than 0.1 MB: {srv.url(path)}"
            assert len(f.get(srv.url("/small")).content) == 1000


def test_gzip_bomb_is_cut_without_inflating_it():
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)  # ~50 KB on the wire: 50x the cap
    assert len(bomb) < 100_000
    with LocalServer({"/bomb": text(bomb, Content_Encoding="gzip")}) as srv:
        with Fetcher(ingest_config(fetch_max_bytes=1_000_000)) as f:
            tracemalloc.start()
            try:
                with pytest.raises(TooLarge):
                    f.get(srv.url("/bomb"))
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    assert peak < 8_000_000, peak


@pytest.mark.parametrize(
    "encoding, encode",
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send
    ],
)
def test_compressed_bodies_are_decoded(encoding, encode):
    body = ("<p>café</p>" * 5000).encode()
    double_gzip = gzip.compress(gzip.compress(body) + gzip.compress(b"!"))  # multi-member inside
    routes = {
        "/c": text(encode(body), Content_Encoding=encoding),
        "/two": text(double_gzip, Content_Encoding="gzip, gzip"),
    }
    with LocalServer(routes) as srv, Fetcher(ingest_config()) as f:
        assert f.get(srv.url("/c")).content == body
        assert f.get(srv.url("/two")).content == body + b"!"


def test_corrupt_gzip_and_unknown_encoding_are_errors():
    routes = {
        "/bad": text(b"not gzip at all", Content_Encoding="gzip"),
        "/br": text(b"x", Content_Encoding="br"),
    }
    with LocalServer(routes) as srv, Fetcher(ingest_config()) as f:
        for path in routes:
            with pytest.raises(FetchError) as info:
                f.get(srv.url(path))
            assert info.value.reason == "bad_encoding"


def test_slow_drip_server_is_cut_at_the_total_deadline():
    def drip(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        for _ in range(200):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.05)

    def slow_headers(h):
        time.sleep(3)
        reply(h, 200, b"late")

    with LocalServer({"/drip": drip, "/slow": slow_headers}) as srv:
        with Fetcher(ingest_config(fetch_timeout=0.8)) as f:
            for path in ("/drip", "/slow"):
                start = time.monotonic()
                with pytest.raises(FetchTimeout) as info:
                    f.get(srv.url(path), check_robots=False)
                assert time.monotonic() - start < 1.6
                assert info.value.reason == "timeout" and srv.url(path) in str(info.value)


def test_redirect_loop_and_redirect_cap():
    routes = {"/a": redirect("/b"), "/b": redirect("/a#frag")}
    routes.update({f"/r{i}": redirect(f"/r{i + 1}") for i in range(10)})
    with LocalServer(routes) as srv, Fetcher(ingest_config(fetch_max_redirects=3)) as f:
        with pytest.raises(FetchError) as loop:
            f.get(srv.url("/a"))
        assert loop.value.reason == "redirect_loop" and srv.url("/a") in str(loop.value)
        with pytest.raises(FetchError) as cap:
            f.get(srv.url("/r0"))
        assert cap.value.reason == "too_many_redirects"
        assert str(cap.value) == f"fetch: more than 3 redirects: {srv.url('/r0')}"
        assert page_paths(srv).count("/r4") == 0


def test_404_is_an_http_status_error_and_not_retried():
    with LocalServer() as srv, Fetcher(ingest_config(fetch_retries=2)) as f:
        with pytest.raises(HTTPStatusError) as info:
            f.get(srv.url("/missing"))
    assert info.value.status == 404 and info.value.reason == "http_status"
    assert str(info.value) == f"fetch: HTTP 404: {srv.url('/missing')}"
    assert page_paths(srv) == ["/missing"]


def test_429_retry_after_is_honoured():
    hits = []

    def limited(h):
        hits.append(time.monotonic())
        if len(hits) == 1:
            reply(h, 429, b"slow down", {"Retry-After": "1"})
        else:
            reply(h, 200, b"ok")

    with LocalServer({"/r": limited, "/long": text("no", status=429, Retry_After="3600")}) as srv:
        with Fetcher(ingest_config(fetch_retries=2)) as f:
            assert f.get(srv.url("/r")).content == b"ok"
            assert hits[1] - hits[0] >= 0.95
            start = time.monotonic()
            with pytest.raises(HTTPStatusError) as info:
                f.get(srv.url("/long"))
            # A long pause asked for ends the fetch now rather than hammering or hanging.
            assert (
                time.monotonic() - start < 1 and info.value.status == 429 and info.value.retry_after == 3600
            )
            assert page_paths(srv).count("/long") == 1


def test_5xx_is_retried_with_backoff_then_gives_up():
    calls = []

    def flaky(h):
        calls.append(time.monotonic())
        reply(h, 503 if len(calls) < 3 else 200, b"body")

    with LocalServer({"/flaky": flaky, "/down": text("x", status=500)}) as srv:
        with Fetcher(ingest_config(fetch_retries=2)) as f:
            assert f.get(srv.url("/flaky")).content == b"body"
            assert calls[1] - calls[0] >= 0.45 and calls[2] - calls[1] >= 0.9  # 0.5 s, then 1 s
        with Fetcher(ingest_config(fetch_retries=1)) as f:
            with pytest.raises(HTTPStatusError) as info:
                f.get(srv.url("/down"))
            assert info.value.status == 500
        assert page_paths(srv).count("/down") == 2


def test_robots_txt_is_obeyed_and_cached():
    robots = "User-agent: *\nDisallow: /private\n\nUser-agent: otherbot\nDisallow: /\n"
    routes = {
        "/robots.txt": text(robots, Content_Type="text/plain"),
        "/private/x": text("no"),
        "/public": text("yes"),
    }
    with LocalServer(routes) as srv, Fetcher(ingest_config()) as f:
        assert f.get(srv.url("/public")).content == b"yes"
        with pytest.raises(RobotsDisallowed) as info:
            f.get(srv.url("/private/x"))
        assert info.value.reason == "robots" and str(info.value).startswith("fetch: robots.txt disallows ")
        assert f.get(srv.url("/private/x"), check_robots=False).content == b"no"
        with Fetcher(ingest_config(fetch_respect_robots=False)) as g:
            assert g.get(srv.url("/private/x")).content == b"no"
    assert srv.paths().count("/robots.txt") == 1  # cached per origin
    assert srv.paths().count("/private/x") == 2


def test_redirect_into_a_disallowed_path_is_refused():
    routes = {"/robots.txt": text("User-agent: *\nDisallow: /private\n"), "/go": redirect("/private/y")}
    with LocalServer(routes) as srv, Fetcher(ingest_config()) as f, pytest.raises(RobotsDisallowed):
        f.get(srv.url("/go"))
    assert "/private/y" not in srv.paths()


@pytest.mark.parametrize("status", [404, 403, 500, 503])
def test_unavailable_robots_txt_allows(status):
    routes = {"/robots.txt": text("Disallow: /", status=status), "/page": text("ok")}
    with LocalServer(routes) as srv, Fetcher(ingest_config()) as f:
        assert f.get(srv.url("/page")).content == b"ok"
        assert f.get(srv.url("/page")).content == b"ok"
    assert srv.paths().count("/robots.txt") == 1


def test_politeness_delay_per_host_is_thread_safe():
    with LocalServer({"*": text("ok")}) as srv, Fetcher(ingest_config(fetch_host_delay=0.25)) as f:
        f.get(srv.url("/warm"))  # robots.txt + first page
        srv.requests.clear()
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda i: f.get(srv.url(f"/p{i}")), range(4)))
        times = sorted(r.at for r in srv.requests)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) == 4 and min(gaps) >= 0.2, gaps


def test_connection_refused_is_a_fetch_error():
    with LocalServer() as srv:
        port = srv.port
    with Fetcher(ingest_config()) as f, pytest.raises(FetchError) as info:
        f.get(f"http://127.0.0.1:{port}/", check_robots=False)
    assert info.value.reason == "connect" and str(info.value).startswith("fetch: cannot connect")


def test_fetcher_is_usable_from_many_threads():
    with LocalServer({"*": text("ok")}) as srv, Fetcher(ingest_config()) as f:
        errors: list[BaseException] = []

        def work(i: int) -> None:
            try:
                assert f.get(srv.url(f"/t{i}")).content == b"ok"
            except BaseException as exc:  # collected for the main thread
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert srv.paths().count("/robots.txt") == 1


def test_host_of_and_retry_after():
    assert host_of("https://News.Example.COM.:8443/a") == "news.example.com"
    assert host_of("http://0x7f.1/") == "127.0.0.1"
    assert host_of("http://[::1]:80/") == "::1"
    assert host_of("not a url") == ""
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("soon") is None
