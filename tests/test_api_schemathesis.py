"""schemathesis against the JSON API's own OpenAPI document: no request it generates
from the schema — valid or deliberately invalid, with or without a valid token — makes
the API answer 5xx.

The app is the real ASGI app over a real SQLite file with the sample digests (as in
tests/test_api.py); schemathesis reads ``/api/openapi.json`` from that app, so the
schema under test is the one the API serves. Each operation's cases come from
schemathesis' own strategy and run under hypothesis with a bounded example count
(derandomized: a failure is reproducible), so the module stays well under a minute.

Why not ``schemathesis.pytest.from_fixture``: its lazy loader renames pytest nodes
through a private attribute that pytest 9 no longer has, so the operations are driven
from here instead.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from newsdigest import auth
from newsdigest.settings import load_config
from newsdigest.web import create_app

EXAMPLES = 15  # per operation, per mode, per caller


from test_api import _cheap_hashing, site  # noqa: E402,F401  the same sample site and cheap hashing


@pytest.fixture
def api_schema(site) -> Any:
    config = load_config(env={}).replace(
        site_url="https://news.example", site_title="The Daily Digest", secret_key="k" * 48
    )
    app = create_app(config, site, cache_seconds=0)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("caller", ["anonymous", "token"])
def test_no_5xx(api_schema: Any, site: Any, mode: GenerationMode, caller: str) -> None:
    extra = {}
    if caller == "token":  # with a real token the write endpoints run their bodies too
        extra = {"Authorization": f"Bearer {auth.new_api_token(site, 'alice', 'schemathesis')}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 9, [op.label for op in operations]
    if mode == GenerationMode.NEGATIVE:  # an operation without inputs has nothing to make invalid
        operations = [op for op in operations if op.query or op.path_parameters or op.headers or op.body]
    calls: dict[str, int] = {}
    for op in operations:

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            headers = {**(case.headers or {}), **extra}
            case.call_and_validate(headers=headers, checks=[not_a_server_error])
            calls[op.label] = calls.get(op.label, 0) + 1

        run()
    assert set(calls) == {op.label for op in operations}, calls  # every operation was exercised
