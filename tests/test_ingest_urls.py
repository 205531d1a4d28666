"""urls.canonicalize_url and urls.safe_href (the web layer's only way to emit an href)."""

from __future__ import annotations

import pytest

from newsdigest.urls import canonicalize_url, resolve_href, safe_href


@pytest.mark.parametrize(
    "url, canonical",
    [
        ("HTTP://WWW.Example.COM:80/a/./b/../c", "http://www.example.com/a/c"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://example.com/story#comments", "https://example.com/story"),
        (
            "https://example.com/s?utm_source=rss&utm_medium=feed&b=2&a=1&fbclid=X&gclid=Y&mc_cid=1&ocid=z",
            "https://example.com/s?a=1&b=2",
        ),
        ("https://example.com/s?UTM_Campaign=x&at_medium=RSS&id=7", "https://example.com/s?id=7"),
        ("https://example.com/s?q=a+b&empty=", "https://example.com/s?empty=&q=a%20b"),
        ("https://bücher.example/%7euser/%e2%82%ac", "https://xn--bcher-kva.example/~user/%E2%82%AC"),
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("https://user:pw@example.com/x", "https://example.com/x"),
        ("http://0x7f.1/x", "http://127.0.0.1/x"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("https://example.com/../../x", "https://example.com/x"),
        ("https://example.com.", "https://example.com/"),
        ("  https://example.com/x  ", "https://example.com/x"),
    ],
)
def test_canonicalize_url(url, canonical):
    assert canonicalize_url(url) == canonical
    assert canonicalize_url(canonical) == canonical  # idempotent


def test_canonicalize_leaves_non_http_alone():
    assert canonicalize_url("mailto:a@b.c") == "mailto:a@b.c"
    assert canonicalize_url("not a url") == "not a url"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;vascript:alert(1)",
        "&amp;#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.com/",
        "//evil.example/x",
        "/relative/path",
        "http:/no-host",
        "https://exa\x00mple.com/",
        "http://example.com:99999/",
        "",
        None,
    ],
)
def test_safe_href_refuses(href):
    assert safe_href(href) is None


def test_safe_href_keeps_and_cleans_web_links():
    assert safe_href("https://example.com/a?b=1&c=2") == "https://example.com/a?b=1&c=2"
    assert safe_href("HTTPS://Example.com/x") == "https://Example.com/x"
    assert safe_href("  http://example.com/x\n") == "http://example.com/x"
    assert safe_href("https://example.com/?q=1&amp;r=2") == "https://example.com/?q=1&r=2"
    assert safe_href('https://example.com/a b"<x>') == "https://example.com/a%20b%22%3Cx%3E"


def test_resolve_href():
    assert resolve_href("https://a.example/x/y", "../z?q=1") == "https://a.example/z?q=1"
    assert resolve_href("https://a.example/", "//cdn.example/p") == "https://cdn.example/p"
    assert resolve_href("https://a.example/", "java&#x09;script:alert(1)") is None
    assert resolve_href("https://a.example/", "") is None
