"""The OpenAPI 3.1 description of ``/api/`` (served at ``/api/openapi.json``).

Written by hand beside the routes in ``views/api.py``; ``tests/test_api.py`` checks that
every API route is described here and that real responses match these schemas (objects
are closed with ``additionalProperties: false``, so a new field must be added here too).
"""

from __future__ import annotations

from typing import Any

from .. import __version__, publish

JSON = "application/json"


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props) if required is None else required,
        "additionalProperties": False,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


OFFSET = {"type": "integer", "minimum": 0}
TIME = _nullable("string", format="date-time")

SCHEMAS: dict[str, Any] = {
    "Error": _obj({"error": _obj({"status": {"type": "integer"}, "message": {"type": "string"}})}),
    "Citation": _obj({"article_id": {"type": "string"}, "start": OFFSET, "end": OFFSET}),
    "Paragraph": _obj({"text": {"type": "string"}, "citations": _array(_ref("Citation"))}),
    "Quote": _obj(
        {
            "text": {"type": "string"},
            "start": OFFSET,
            "end": OFFSET,
            "speaker": {"type": "string"},
            "role": {"type": "string"},
            "verb": {"type": "string"},
            "article_id": {"type": "string"},
        }
    ),
    "RelevantArticle": _obj(
        {
            "article_id": {"type": "string"},
            "title": {"type": "string"},
            "outlet": {"type": "string"},
            "url": {"type": "string"},
            "published": TIME,
            "duplicate_of": _nullable("string"),
        }
    ),
}
_DIGEST_PROPS: dict[str, Any] = {
    "id": _nullable("integer"),
    "story_id": {"type": "integer"},
    "slug": {"type": "string"},
    "headline": {"type": "string"},
    "lede": {"type": "string"},
    "paragraphs": {
        **_array(_ref("Paragraph")),
        "description": "The body; offsets index the cited article's text.",
    },
    "quotes": _array(_ref("Quote")),
    "relevant_articles": _array(_ref("RelevantArticle")),
    "entities": _array({"type": "string"}),
    "people": {**_array({"type": "string"}), "description": "Which of the entities are people."},
    "published": TIME,
    "updated": TIME,
    "version": {"type": "integer", "minimum": 1},
    "writer": {"type": "string"},
    "writer_note": {"type": "string", "description": "Why the writer made this version as it did (may be empty)."},
    "status": {"type": "string", "examples": ["published", "unpublished"]},
    "word_count": {"type": "integer", "minimum": 0},
    "url": {**_nullable("string"), "description": "The digest's page on the site."},
    "pinned": {"type": "boolean", "description": "Pinned by an editor: shown first on the front page."},
    "archived": {
        "type": "boolean",
        "description": "Behind the subscription gate: without an editor's token, paragraphs and quotes are the lede's only.",
    },
}
SCHEMAS.update(
    {
        "Digest": _obj(_DIGEST_PROPS),
        "DigestDetail": _obj(
            {
                **_DIGEST_PROPS,
                "edited_paragraphs": {
                    **_array({"type": "integer", "minimum": 0}),
                    "description": "Indices of paragraphs an editor changed in this version (citations kept).",
                },
            }
        ),
        "DigestSummary": _obj(
            {
                "headline": {"type": "string"},
                "slug": {"type": "string"},
                "status": {"type": "string"},
                "version": {"type": "integer"},
                "url": _nullable("string"),
            }
        ),
        "Story": _obj(
            {
                "story_id": {"type": "integer"},
                "title": {"type": "string"},
                "article_ids": _array({"type": "string"}),
                "article_count": {"type": "integer"},
                "outlet_count": {"type": "integer"},
                "independent_count": {"type": "integer"},
                "reprint_count": {"type": "integer"},
                "trend_score": {"type": "number"},
                "first_seen": TIME,
                "last_seen": TIME,
                "status": {"type": "string"},
                "digest": {"oneOf": [_ref("DigestSummary"), {"type": "null"}]},
            }
        ),
        "Source": _obj(
            {
                "name": {"type": "string"},
                "url": {"type": "string"},
                "homepage": {"type": "string"},
                "language": {"type": "string"},
                "weight": {"type": "number"},
                "labels": _array({"type": "string"}),
                "last_fetched": TIME,
                "last_status": _nullable("string"),
                "error_count": {"type": "integer"},
                "last_error": _nullable("string"),
                "last_new_articles": {"type": "integer"},
            }
        ),
        "StoryPage": _obj(
            {
                "items": _array(_ref("Story")),
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "total": {"type": "integer"},
                "next": _nullable("string"),
            }
        ),
        "DigestPage": _obj(
            {
                "items": _array(_ref("Digest")),
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "total": {"type": "integer"},
                "next": _nullable("string"),
            }
        ),
        "SearchPage": _obj(
            {
                "query": {"type": "string"},
                "items": _array(_ref("Digest")),
                "page": {"type": "integer"},
                "per_page": {"type": "integer"},
                "next": _nullable("string"),
            }
        ),
        "SourceList": _obj({"items": _array(_ref("Source"))}),
        "RewriteScheduled": _obj({"story_id": {"type": "integer"}, "rewrite": {"const": "scheduled"}}),
    }
)

_ERRORS = {
    "400": "Bad input (a parameter out of range or malformed)",
    "401": "Missing or invalid API token",
    "404": "No such story, digest or endpoint",
    "429": "Too many requests with a bad token",
}


def _error(code: str) -> dict[str, Any]:
    return {"description": _ERRORS[code], "content": {JSON: {"schema": _ref("Error")}}}


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": _ref(schema)}}}


STORY_ID = {
    "name": "story_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
}
PAGING = [
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    },
]
TOKEN: list[dict[str, list[str]]] = [{"bearerAuth": []}]
OPTIONAL_TOKEN: list[dict[str, list[str]]] = [{}, {"bearerAuth": []}]


def _get(
    op_id: str,
    summary: str,
    ok: dict[str, Any],
    params: list[Any] | None = None,
    errors: tuple[str, ...] = ("400",),
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "parameters": params or [],
        # Any request may carry a token; a bad one is refused (401), even where none is needed.
        "responses": {"200": ok, **{c: _error(c) for c in (*errors, "401", "429")}},
        "security": OPTIONAL_TOKEN,
    }
    return {"get": op}


def _write(op_id: str, summary: str, code: str, ok: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "operationId": op_id,
            "summary": summary,
            "parameters": [STORY_ID],
            "security": TOKEN,
            "responses": {code: ok, **{c: _error(c) for c in ("401", "404", "429")}},
        }
    }


def openapi_document(config: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{config.site_title} API",
            "version": __version__,
            "description": "Read the site's stories, digests and sources; editors with an API token "
            "can unpublish, republish and request rewrites. Character offsets (start, end) "
            "are Python string indices into the cited article's text, end exclusive.",
        },
        "servers": [{"url": publish.site_base(config)}],
        "paths": {
            "/api/openapi.json": _get(
                "openapi",
                "This document",
                {"description": "The OpenAPI document", "content": {JSON: {"schema": {"type": "object"}}}},
                errors=(),
            ),
            "/api/stories": _get(
                "listStories", "Stories by trend score, paged", _ok("StoryPage", "A page of stories"), PAGING
            ),
            "/api/stories/{story_id}": _get(
                "getStory",
                "One story and a summary of its digest",
                _ok("Story", "The story"),
                [STORY_ID],
                ("404",),
            ),
            "/api/stories/{story_id}/rewrite": _write(
                "rewriteStory",
                "Have the next run write the story's digest again",
                "202",
                _ok("RewriteScheduled", "The rewrite is scheduled"),
            ),
            "/api/digests": _get(
                "listDigests",
                "Published digests, newest first, paged",
                _ok("DigestPage", "A page of digests"),
                PAGING,
            ),
            "/api/digests/{story_id}": _get(
                "getDigest",
                "A story's digest: paragraphs with citations, quotes with article_id/start/end, relevant articles "
                "(unpublished digests only with a token)",
                _ok("DigestDetail", "The digest"),
                [STORY_ID],
                ("404",),
            ),
            "/api/digests/{story_id}/unpublish": _write(
                "unpublishDigest",
                "Take a digest off the site (a new, attributed version)",
                "200",
                _ok("DigestDetail", "The digest as stored"),
            ),
            "/api/digests/{story_id}/publish": _write(
                "publishDigest",
                "Put an unpublished digest back on the site",
                "200",
                _ok("DigestDetail", "The digest as stored"),
            ),
            "/api/sources": _get(
                "listSources",
                "The outlets' feeds and their health",
                _ok("SourceList", "Every source"),
                errors=(),
            ),
            "/api/search": _get(
                "searchDigests",
                "Published digests whose headline or lede contains the words",
                _ok("SearchPage", "A page of matches"),
                [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                    },
                    *PAGING,
                ],
            ),
        },
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An editor's API token (nd_…)",
                }
            },
        },
    }
