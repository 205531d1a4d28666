"""The Celery executor: a pass's per-item stages run as tasks on any number of workers.

The stages are the ones ``pipeline.run_pass`` runs in-process; only who runs them differs::

    run / scheduler (coordinator)          workers (``newsdigest worker``, any number, any host)
    ─────────────────────────────          ───────────────────────────────────────────────────
    one fetch task per source     ──────▶  ingest_source(storage, fetcher, source, config)
    one analyse task per batch    ──────▶  analyse_many(batch) → storage.save_analyses
    one cluster task per language ──────▶  cluster_pending(language) under that language's
                                           PostgreSQL advisory lock
    one write task per changed story ───▶  write_changed, narrowed to that story

The coordinator waits for each stage's tasks before it sends the next stage's, so when
``run_distributed`` returns, the whole pass (fetch through publish) is stored and the site
shows it. Every stage reads what the previous one stored (``articles.stage``,
``stories.changed``), so a coordinator that dies mid-pass loses nothing either: the next
pass carries on where it stopped.

Delivery: tasks are acknowledged late (``task_acks_late``, ``task_reject_on_worker_lost``,
one message reserved per worker), so a task whose worker dies is delivered again, and every
write is an upsert or insert-ignore, so a task done twice stores nothing twice. With
RabbitMQ the broker re-queues a dead worker's task as soon as its connection drops. With
Redis it comes back only after the transport's ``visibility_timeout``
(``REDIS_VISIBILITY_TIMEOUT``, one hour): until then the pass waits; prefer RabbitMQ where
that matters. A task that runs longer than the visibility timeout is delivered a second
time while it still runs; harmless here, only wasted work.

Workers share the database, so the distributed mode needs PostgreSQL. Each worker is one
process under a node name unique per process (``newsdigest-<pid>@<host>``), so several run
on one host; SIGTERM makes it finish the task in hand and exit.

Politeness holds across all workers and machines: before each request a worker takes its
host's turn in PostgreSQL's ``host_pacing`` table (``pacing.SharedPacer`` over
``storage.pacing.PacingStore``; the database's clock, so hosts' clocks need not agree),
so ``fetch_host_delay`` and a robots ``Crawl-delay`` space the requests of all workers
together, as they space one process's threads in-process. A worker that has waited
``PACING_MAX_WAIT`` seconds (or two delays, if longer) for a turn at a host other workers
keep busy does not hold on: its ``fetch_source`` task is retried ``PACING_RETRY`` seconds
later (what it stored so far stays and counts, its feed is fetched again, the pages it
fetched without storing anything are not), and it takes other tasks meanwhile. After ``PACING_DEFERRALS`` such retries the task waits as long as it takes,
so every source is done within the pass.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from celery import Celery, group
from celery.exceptions import TimeoutError as CeleryTimeout
from celery.signals import worker_process_shutdown, worker_shutdown

from .analyse import analyse_many, nlp
from .cluster_lock import cluster_lock
from .errors import ConfigError, NewsdigestError, StorageError
from .fetch import Fetcher
from .ingest import Carried, SourceOutcome, ingest_source
from .pacing import HostBusy, SharedPacer
from .pipeline import PassReport, cluster_pending, write_changed
from .progress import NullReporter
from .records import Source, Story
from .settings import Config, load_config
from .storage import Storage, open_storage
from .storage.pacing import PacingStore

log = logging.getLogger(__name__)

QUEUE = "newsdigest"
ANALYSE_TASK_BATCH = 16  # small enough to spread one pass's articles over several workers
REDIS_VISIBILITY_TIMEOUT = 3600.0  # seconds before Redis hands an unacknowledged task out again
WAIT_SLICE = 2.0  # seconds between liveness checks while the coordinator waits for a stage
NO_WORKER_GRACE = 120.0  # a stage fails when no worker consumes the queue for this long
PACING_MAX_WAIT = 30.0  # seconds a fetch waits for a host's turn before its task is put off
PACING_RETRY = 20.0  # a put-off fetch task comes back after about this long (±25%)
PACING_DEFERRALS = 5  # put off this often, a fetch task waits for its turns however long
STORAGE_RETRY = 5.0  # a fetch task the database failed comes back after about this long (±25%)
STORAGE_RETRIES = 3  # the database failing a fetch task this often in a row is the source's error


# --- the Celery app ------------------------------------------------------------------


def result_backend_for(broker_url: str) -> str:
    """Where task results go: Redis keeps them beside the queue; with AMQP they come back as
    messages to the coordinator (``rpc://``), so no second service is needed."""
    if broker_url.startswith(("redis://", "rediss://")):
        return broker_url
    return "rpc://"


def celery_settings(config: Config) -> dict[str, Any]:
    broker = str(config.broker_url)
    conf: dict[str, Any] = {
        "broker_url": broker,
        "result_backend": result_backend_for(broker),
        "task_acks_late": True,  # acknowledged after the task ran: a killed worker's task is redone
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,  # a worker holds one unacknowledged task, not a backlog
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_default_queue": QUEUE,
        "result_expires": 24 * 3600,
        "broker_connection_retry_on_startup": True,
        "worker_hijack_root_logger": False,
        "worker_redirect_stdouts": False,
    }
    if broker.startswith(("redis://", "rediss://")):
        conf["broker_transport_options"] = {"visibility_timeout": REDIS_VISIBILITY_TIMEOUT}
        conf["result_backend_transport_options"] = {"visibility_timeout": REDIS_VISIBILITY_TIMEOUT}
    return conf


app = Celery("newsdigest", set_as_current=False)
_config: Config | None = None  # the config this process was configured with


@app.on_configure.connect
def _settings_from_environment(sender: Celery, **_: Any) -> None:
    """For ``celery -A newsdigest.tasks …``: unless configure() ran, NEWSDIGEST_* as usual."""
    if _config is None:
        try:
            sender.config_from_object(celery_settings(load_config()))
        except ConfigError as exc:
            log.warning("tasks: cannot read settings: %s", exc)


def configure(config: Config) -> Celery:
    """Point the Celery app at the config's broker; the worker's stages use its database."""
    global _config
    if not config.broker_url:
        raise ConfigError("tasks: broker_url is empty; set NEWSDIGEST_BROKER_URL to redis://… or amqp://…")
    if app.configured and app.conf.broker_url and app.conf.broker_url != config.broker_url:
        # Celery caches connections and the result backend per app: one broker per process.
        raise ConfigError("tasks: this process already uses another broker (one broker per process)")
    _config = config
    if app.configured:
        app.conf.update(celery_settings(config))
    else:
        app.config_from_object(celery_settings(config))
    return app


# --- worker-side state: one storage and one fetcher per worker process -----------------


@dataclass
class _Worker:
    config: Config
    storage: Storage
    fetcher: Fetcher
    pacer: SharedPacer  # the fetcher's: host turns shared by all workers through PostgreSQL


_worker_state: _Worker | None = None
_worker_lock = threading.Lock()


def _worker() -> _Worker:
    global _worker_state
    with _worker_lock:
        if _worker_state is None:
            config = _config or load_config()
            storage = open_storage(config.database_url)
            if storage.dialect != "postgresql":
                storage.close()
                raise ConfigError("tasks: workers share the database: "
                                  "set NEWSDIGEST_DATABASE_URL to postgresql://…")
            pacer = SharedPacer(PacingStore(storage.engine), max_wait=PACING_MAX_WAIT)
            _worker_state = _Worker(config, storage, Fetcher(config, pacer=pacer), pacer)
        return _worker_state


@worker_shutdown.connect
@worker_process_shutdown.connect
def _close_worker(**_: Any) -> None:
    global _worker_state
    with _worker_lock:
        if _worker_state is not None:
            _worker_state.fetcher.close()
            _worker_state.storage.close()
            _worker_state = None


# --- the tasks -----------------------------------------------------------------------


def _outcome_dict(o: SourceOutcome) -> dict[str, Any]:
    return {"name": o.name, "status": o.status, "entries": o.entries, "new_articles": o.new_articles,
            "dropped": dict(o.dropped), "error": o.error, "new_ids": list(o.new_ids)}


def _outcome(d: dict[str, Any]) -> SourceOutcome:
    return SourceOutcome(name=d["name"], status=d["status"], entries=d["entries"], new_articles=d["new_articles"],
                         dropped=Counter(d["dropped"]), error=d["error"], new_ids=list(d["new_ids"]))


def _carry(carried: Carried, blips: int = 0) -> dict[str, Any]:
    """The retry's kwargs: where the next attempt carries on (JSON, as tasks are sent)."""
    return {"earlier": list(carried.stored), "tried": dict(carried.tried), "blips": blips}


def _jittered(seconds: float) -> float:
    return seconds * random.uniform(0.75, 1.25)  # put-off tasks do not all come back at once


@app.task(name="newsdigest.fetch_source", bind=True, max_retries=None)
def fetch_source(self: Any, source_id: int, earlier: list[str] | None = None,
                 tried: dict[str, dict[str, int]] | None = None, blips: int = 0) -> dict[str, Any]:
    """Fetch one source's feed and new pages; the same stage function as in-process.

    Put off (retried later) when a host it needs stays busy with other workers' requests,
    or when the database fails meanwhile (e.g. taking a turn); ``earlier`` and ``tried``
    carry what the put-off attempts stored and which pages they fetched in vain, so the
    retry counts the former and does not ask the host for the latter again. A database
    failing ``STORAGE_RETRIES`` times in a row becomes the source's error: one source's
    trouble never fails the pass."""
    w = _worker()
    source = w.storage.source(source_id)
    carried = Carried(stored=list(earlier or []), tried=dict(tried or {}))
    try:
        with w.pacer.patient(self.request.retries >= PACING_DEFERRALS):
            outcome = ingest_source(w.storage, w.fetcher, source, w.config, carried)
    except HostBusy as busy:
        countdown = _jittered(PACING_RETRY)
        log.info("fetch put off: %s; again in %.1fs", busy, countdown,
                 extra={"source": source.name, "host": busy.host})
        raise self.retry(args=(source_id,), kwargs=_carry(carried), countdown=countdown) from None
    except StorageError as err:
        if blips < STORAGE_RETRIES:
            countdown = _jittered(STORAGE_RETRY)
            log.warning("fetch put off after a database error: %s; again in %.1fs", err, countdown, extra={"source": source.name})
            raise self.retry(args=(source_id,), kwargs=_carry(carried, blips + 1), countdown=countdown) from None
        outcome = _failed(w.storage, source, err, carried)
    log.info("fetched", extra={"source": source.name, "new_articles": outcome.new_articles})
    return _outcome_dict(outcome)


def _failed(storage: Storage, source: Source, err: StorageError, carried: Carried) -> SourceOutcome:
    """The outcome of a source whose fetch the database kept failing: its error, with what
    the attempts stored; recorded on the source if the database lets us."""
    outcome = SourceOutcome(source.name, status="error", error=str(err), new_ids=list(carried.stored))
    outcome.new_articles = len(outcome.new_ids)
    assert source.id is not None
    try:
        storage.record_fetch(source.id, status="error", error=outcome.error, new_articles=outcome.new_articles)
    except StorageError as again:
        log.warning("cannot record the source's error: %s", again, extra={"source": source.name})
    return outcome


@app.task(name="newsdigest.analyse_batch")
def analyse_batch(article_ids: list[str]) -> int:
    """Analyse the batch's articles that have no analysis yet (a redone task skips the rest)."""
    w = _worker()
    done = w.storage.get_analyses(article_ids)
    todo = [a for a in w.storage.get_articles(article_ids) if a.id not in done]
    if todo:
        w.storage.save_analyses(analyse_many(todo))
    return len(todo)


@app.task(name="newsdigest.cluster", bind=True, max_retries=None)
def cluster_partition(self: Any, partition: str) -> dict[str, int]:
    """Dedupe, cluster and rescore one language: one consumer at a time per language, across
    all hosts; other languages' tasks run at once (their story ids come from a shared counter)."""
    w = _worker()
    report = PassReport()
    with cluster_lock(w.storage, partition) as held:
        if not held:  # another pass is clustering this language: come back rather than block
            raise self.retry(countdown=2)
        cluster_pending(w.storage, w.config, NullReporter(), report, language=partition)
    return {"clustered": report.clustered, "stories_touched": report.stories_touched}


@app.task(name="newsdigest.write_story")
def write_story(story_id: int) -> dict[str, Any]:
    """Write one changed story's digest (nothing when it was written meanwhile)."""
    w = _worker()
    report = PassReport()
    write_changed(w.storage, w.config, NullReporter(), report, story_ids={story_id})
    return {"written": report.digests_written, "skipped": report.digests_skipped, "errors": report.errors}


# --- the coordinator -------------------------------------------------------------------


def _consumers(queue: str) -> list[str]:
    """Names of the live workers that consume ``queue``."""
    replies = app.control.inspect(timeout=1.0).active_queues() or {}
    return sorted(node for node, queues in replies.items() if any(q.get("name") == queue for q in queues))


def wait_for_workers(queue: str = QUEUE, *, timeout: float = 60.0) -> list[str]:
    """The workers consuming ``queue``; raises when none answers within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        nodes = _consumers(queue)
        if nodes:
            return nodes
        if time.monotonic() >= deadline:
            raise NewsdigestError(f"tasks: no worker consumes queue {queue!r} on {_broker_shown()}; "
                                  "start one with `newsdigest worker`")
        time.sleep(0.5)


def _broker_shown() -> str:
    return app.connection_for_read().as_uri()  # password masked


def _run_all(task: Any, args: Sequence[tuple[Any, ...]], queue: str, grace: float) -> list[Any]:
    """Send one task per args tuple and wait for every result, in order. Waiting has no time
    limit while some worker consumes the queue (a redelivered task takes as long as it takes);
    with no worker for ``grace`` seconds the stage fails."""
    if not args:
        return []
    result = group(task.s(*a).set(queue=queue) for a in args).apply_async()
    alone_since: float | None = None
    try:
        while True:
            try:
                return list(result.get(timeout=WAIT_SLICE, propagate=True))
            except CeleryTimeout:
                if _consumers(queue):
                    alone_since = None
                elif alone_since is None:
                    alone_since = time.monotonic()
                elif time.monotonic() - alone_since > grace:
                    raise NewsdigestError(
                        f"tasks: no worker consumed queue {queue!r} for {grace:.0f}s; "
                        f"{task.name} tasks are still queued"
                    ) from None
    finally:
        if app.conf.result_backend != "rpc://":  # rpc results are messages, already consumed
            result.forget()


@dataclass
class DistributedPass:
    """One pass's stages, each sent to the workers and waited for; ``run_distributed`` runs them
    in order (the bench times them one by one)."""

    storage: Storage
    config: Config
    queue: str = QUEUE
    grace: float = NO_WORKER_GRACE

    def ingest(self, report: PassReport) -> None:
        sources = self.storage.list_sources()
        for d in _run_all(fetch_source, [(s.id,) for s in sources], self.queue, self.grace):
            report.sources.append(_outcome(d))

    def analyse(self, report: PassReport) -> None:
        ids = [a.id for a in self.storage.articles_in_stage("new")]
        batches = [(ids[i : i + ANALYSE_TASK_BATCH],) for i in range(0, len(ids), ANALYSE_TASK_BATCH)]
        report.analysed += sum(_run_all(analyse_batch, batches, self.queue, self.grace))

    def cluster(self, report: PassReport) -> None:
        """One task per language with articles waiting or stories to rescore."""
        since = datetime.now(UTC) - timedelta(seconds=self.config.cluster_window)
        languages = [(lang,) for lang in self.storage.cluster_languages(since)]
        for d in _run_all(cluster_partition, languages, self.queue, self.grace):
            report.clustered += d["clustered"]
            report.stories_touched += d["stories_touched"]

    def write(self, report: PassReport) -> None:
        changed = [(s.id,) for s in self.storage.changed_stories()]
        for d in _run_all(write_story, changed, self.queue, self.grace):
            report.digests_written += d["written"]
            report.digests_skipped += d["skipped"]
            report.errors.extend(d["errors"])


def run_distributed(storage: Storage, config: Config, *, queue: str = QUEUE, wait: float = 60.0,
                    grace: float = NO_WORKER_GRACE) -> PassReport:
    """One whole pass done by the workers; returns when fetch through publish is stored.

    Fails when no worker consumes ``queue`` within ``wait`` seconds, or none for ``grace``
    seconds while a stage's tasks are still queued."""
    if storage.dialect != "postgresql":
        raise ConfigError("tasks: with a broker the workers share the database: "
                          "set NEWSDIGEST_DATABASE_URL to postgresql://…")
    configure(config)
    wait_for_workers(queue, timeout=wait)
    stages = DistributedPass(storage, config, queue, grace)
    report = PassReport()
    run_id = storage.start_run()
    status = "failed"
    try:
        stages.ingest(report)
        for outcome in report.sources:
            src = storage.source(outcome.name)
            storage.record_run_source(
                run_id, src.id, status=outcome.status, entries=outcome.entries, new_articles=outcome.new_articles,
                dropped=dict(outcome.dropped), error=outcome.error,
            )
        stages.analyse(report)
        stages.cluster(report)
        stages.write(report)
        status = "done"
    finally:
        storage.finish_run(run_id, status=status, stats=report.stats())
    return report


# --- the two long-running commands ------------------------------------------------------


def worker_node_name() -> str:
    return f"newsdigest-{os.getpid()}@{socket.gethostname()}"


def worker_main(config: Config, *, queue: str = QUEUE, concurrency: int = 1, loglevel: str | None = None,
                preload: bool = True) -> None:
    """``newsdigest worker``: consume ``queue`` in the foreground until SIGTERM (warm shutdown:
    the task in hand is finished and acknowledged, the rest stays queued).

    A thread pool (``concurrency`` threads, one by default) rather than prefork keeps the
    worker one process: a kill takes the task with it and nothing is orphaned, and the
    worker still answers the coordinator's liveness checks while a task runs."""
    configure(config)
    if preload:
        nlp()  # load spaCy before taking tasks, not inside the first analyse task
    level = loglevel or str(config.log_level).upper()
    app.worker_main([
        "worker", "--pool=threads", f"--concurrency={max(1, concurrency)}", f"--hostname={worker_node_name()}",
        f"--queues={queue}", f"--loglevel={level}", "--without-gossip", "--without-mingle",
    ])


def _send_mail_due(storage: Storage, config: Config) -> None:
    """After each pass, as ``run --every`` does: follow mails, and the newsletter when due."""
    from .follow import send_if_configured
    from .newsletter import send_if_due

    followed = send_if_configured(storage, config)
    sent = send_if_due(storage, config)
    if followed or sent:
        log.warning("mail sent: %d follow update(s), newsletter to %d subscriber(s)", followed, sent)


def scheduler_main(config: Config, every_seconds: float, *, queue: str = QUEUE, passes: int | None = None,
                   on_report: Callable[[PassReport], None] | None = None) -> int:
    """``newsdigest scheduler``: a plain loop that hands one pass to the workers every
    ``every_seconds`` (measured start to start; a pass that overruns starts the next at
    once). A failed pass is logged and the loop goes on. Stops on SIGTERM/SIGINT between
    passes, or after ``passes`` passes. Returns the number of passes that completed."""
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    done = attempted = 0
    try:
        with open_storage(config.database_url) as storage:
            while not stop.is_set():
                started = time.monotonic()
                attempted += 1
                try:
                    report = run_distributed(storage, config, queue=queue)
                    done += 1
                    log.warning("pass done: %s", report.stats())
                    _send_mail_due(storage, config)
                    if on_report:
                        on_report(report)
                except NewsdigestError as exc:
                    log.error("pass failed: %s", exc)
                if passes is not None and attempted >= passes:
                    break
                stop.wait(max(0.0, every_seconds - (time.monotonic() - started)))
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return done
