"""``/metrics``: Prometheus text, read from the database so that ``run``, workers and
``serve`` (separate processes) report one truth. Answers only to ``admin_networks``."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..forms import from_admin_network


def _registry(storage) -> CollectorRegistry:  # type: ignore[no-untyped-def]
    reg = CollectorRegistry()
    Gauge("newsdigest_articles", "Articles stored", registry=reg).set(storage.count_articles())
    Gauge("newsdigest_stories", "Stories (not merged)", registry=reg).set(storage.count_stories())
    Gauge("newsdigest_digests", "Published digests", registry=reg).set(storage.count_digests())
    pending = Gauge("newsdigest_queue_articles", "Articles waiting for a stage", ["stage"], registry=reg)
    for stage, n in storage.stage_counts().items():
        pending.labels(stage).set(n)
    src_err = Gauge("newsdigest_source_errors", "Consecutive fetch errors per source", ["source"], registry=reg)
    src_status = Gauge("newsdigest_sources", "Sources by last fetch status", ["status"], registry=reg)
    statuses: dict[str, int] = {}
    for s in storage.list_sources():
        src_err.labels(s.name).set(s.error_count)
        statuses[s.last_status or "never"] = statuses.get(s.last_status or "never", 0) + 1
    for status, n in statuses.items():
        src_status.labels(status).set(n)
    last = storage.last_run()
    if last:
        stats = last["stats"] or {}
        Gauge("newsdigest_last_run_timestamp_seconds", "When the last pass finished", registry=reg).set(
            last["finished"].timestamp() if last["finished"] else 0
        )
        stage = Gauge("newsdigest_last_run_stage_seconds", "Seconds per stage in the last pass", ["stage"], registry=reg)
        for name, secs in (stats.get("stage_seconds") or {}).items():
            stage.labels(name).set(secs)
        outcomes = Gauge("newsdigest_last_run_fetch_outcomes", "Sources per fetch outcome in the last pass", ["outcome"], registry=reg)
        for name, n in (stats.get("fetch_outcomes") or {}).items():
            outcomes.labels(name).set(n)
        for key in ("new_articles", "digests_written"):
            Gauge(f"newsdigest_last_run_{key}", f"{key.replace('_', ' ')} in the last pass", registry=reg).set(stats.get(key, 0))
    return reg


async def metrics(request: Request) -> Response:
    if not from_admin_network(request):
        raise HTTPException(403, "Metrics are only served to the operators' networks.")
    reg = await run_in_threadpool(_registry, request.app.state.storage)
    return Response(generate_latest(reg), media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


routes = [Route("/metrics", metrics, name="metrics")]
