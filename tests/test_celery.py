"""The Celery executor, for real: worker processes on the machine's RabbitMQ and Redis,
PostgreSQL as the shared store, the bundled sample outlets on a local HTTP server.

Every worker and every coordinator (``scheduler_main`` → ``run_distributed``) is its own
process, as in production: Celery keeps one broker per process, and a SIGKILL must hit a
real process. The in-process pass on the embedded default (SQLite) is the reference the
distributed one must equal.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import need
from ingest_helpers import LocalServer, text

from newsdigest.demo.server import SampleServer, serve_sample
from newsdigest.errors import ConfigError
from newsdigest.pipeline import run_pass
from newsdigest.records import Source
from newsdigest.settings import load_config
from newsdigest.storage import Storage, open_storage
from newsdigest.storage.pacing import PacingStore

BROKERS = {
    "rabbitmq": os.environ.get("NEWSDIGEST_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672//"),
    "redis": os.environ.get("NEWSDIGEST_TEST_REDIS", "redis://127.0.0.1:6379/0"),
}
READY_TIMEOUT = 240.0  # a worker loads spaCy before it takes tasks; slow on a busy 2-core box
PASS_TIMEOUT = 600.0


def _broker_up(url: str) -> bool:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def _drop_queue(url: str, queue: str) -> None:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.default_channel.queue_delete(queue)
    except Exception:
        pass  # the queue may not exist; a leftover one is unique to its test anyway


@dataclass
class Cluster:
    """Everything one distributed test runs against: a broker queue of its own, a fresh
    PostgreSQL database, the sample outlets, and the env the processes share."""

    broker: str
    queue: str
    db_url: str
    env: dict[str, str]
    sample: SampleServer
    tmp: Path
    procs: list[subprocess.Popen[bytes]]

    def worker(self, name: str, *, setup: str = "", preload: bool = True,
               concurrency: int = 1) -> tuple[subprocess.Popen[bytes], Path]:
        """A ``newsdigest worker`` process; ``preload=False`` skips loading spaCy (fetch-only tests)."""
        log = self.tmp / f"{name}.log"
        code = (
            "from newsdigest import tasks\nfrom newsdigest.settings import load_config\n"
            f"{setup}\ntasks.worker_main(load_config(), queue={self.queue!r}, loglevel='INFO', "
            f"preload={preload!r}, concurrency={concurrency})\n"
        )
        proc = subprocess.Popen([sys.executable, "-c", code], env=self.env, stdout=log.open("wb"),
                                stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc, log

    def coordinator(self, passes: int = 1) -> subprocess.Popen[bytes]:
        """``scheduler_main`` for ``passes`` passes; prints each PassReport's stats as JSON."""
        code = (
            "import json\nfrom newsdigest import tasks\nfrom newsdigest.settings import load_config\n"
            "reports = []\n"
            f"tasks.scheduler_main(load_config(), 0.1, queue={self.queue!r}, passes={passes}, "
            "on_report=lambda r: reports.append({**r.stats(), 'sources': len(r.sources)}))\n"
            "print(json.dumps(reports))\n"
        )
        proc = subprocess.Popen([sys.executable, "-c", code], env=self.env, stdout=subprocess.PIPE,
                                stderr=(self.tmp / "coordinator.log").open("wb"))
        self.procs.append(proc)
        return proc


def _wait_for(log: Path, text: str, timeout: float, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    pytest.fail(f"no {text!r} in {log.name} (exit {proc.poll()}):\n{log.read_text(errors='replace')[-3000:]}")


def _reports(proc: subprocess.Popen[bytes], tmp: Path) -> list[dict]:
    try:
        out, _ = proc.communicate(timeout=PASS_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the distributed pass did not finish:\n" + (tmp / "coordinator.log").read_text()[-3000:])
    assert proc.returncode == 0, (tmp / "coordinator.log").read_text()[-3000:]
    reports = json.loads(out.decode().strip().splitlines()[-1])
    assert reports, "no pass completed:\n" + (tmp / "coordinator.log").read_text()[-3000:]
    return reports


def _add_sources(storage: Storage, sample: SampleServer) -> None:
    for name, url in sample.feed_urls:
        storage.add_source(Source(name=name, url=url))


@pytest.fixture(params=sorted(BROKERS))
def cluster(request, pg_url: str, tmp_path: Path) -> Iterator[Cluster]:
    broker = BROKERS[request.param]
    need(_broker_up(broker), f"{request.param} broker at {broker}")
    queue = f"nd-test-{uuid.uuid4().hex[:10]}"
    env = dict(
        os.environ, NEWSDIGEST_DATABASE_URL=pg_url, NEWSDIGEST_BROKER_URL=broker,
        NEWSDIGEST_FETCH_ALLOW_NETWORKS="127.0.0.1/32", NEWSDIGEST_FETCH_HOST_DELAY="0",
        NEWSDIGEST_LOG_LEVEL="INFO", PYTHONPATH=os.pathsep.join(sys.path),
    )
    with serve_sample() as sample:
        with open_storage(pg_url) as storage:
            _add_sources(storage, sample)
        c = Cluster(broker, queue, pg_url, env, sample, tmp_path, [])
        try:
            yield c
        finally:
            for p in c.procs:
                if p.poll() is None:
                    p.kill()
                    p.wait(10)
            _drop_queue(broker, queue)


def _snapshot(storage: Storage) -> dict[str, object]:
    """What must not depend on the executor: articles, the story partition, digest headlines."""
    articles = list(storage.iter_articles())
    stories = {frozenset(s.article_ids) for s in storage.list_stories(1000) if s.article_ids}
    return {
        "articles": sorted(a.id for a in articles),
        "stories": stories,
        "headlines": sorted(d.headline for d in storage.latest_digests(1000)),
    }


def _in_process_reference(sample: SampleServer, tmp: Path,
                          more_feeds: Sequence[tuple[str, str]] = ()) -> dict[str, object]:
    config = load_config(env={"NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.1/32", "NEWSDIGEST_FETCH_HOST_DELAY": "0"})
    with open_storage(str(tmp / "in-process.db")) as storage:
        _add_sources(storage, sample)
        for name, url in more_feeds:
            storage.add_source(Source(name=name, url=url))
        run_pass(storage, config)
        return _snapshot(storage)


@pytest.mark.slow
@pytest.mark.postgres
def test_two_workers_give_the_in_process_result(cluster: Cluster) -> None:
    w1, log1 = cluster.worker("w1")
    w2, log2 = cluster.worker("w2")
    coordinator = cluster.coordinator(passes=2)
    expected = _in_process_reference(cluster.sample, cluster.tmp)  # meanwhile the workers start
    first, second = _reports(coordinator, cluster.tmp)

    with open_storage(cluster.db_url) as storage:
        got = _snapshot(storage)
        assert got["articles"] == expected["articles"]
        assert got["stories"] == expected["stories"]
        assert got["headlines"] == expected["headlines"] and got["headlines"]
        assert storage.last_run()["status"] == "done"
        assert first["new_articles"] == len(expected["articles"]) and first["sources"] == len(cluster.sample.feed_urls)
        assert first["digests_written"] == len(expected["headlines"])
        assert second["new_articles"] == 0 and second["digests_written"] == 0  # nothing twice
    both = log1.read_text() + log2.read_text()
    assert "newsdigest.fetch_source" in both and "newsdigest.write_story" in both
    for w in (w1, w2):  # SIGTERM: warm shutdown, exit 0
        w.send_signal(signal.SIGTERM)
    assert [w1.wait(60), w2.wait(60)] == [0, 0]
    assert "Warm shutdown" in log1.read_text()


@pytest.mark.slow
@pytest.mark.postgres
def test_a_worker_killed_mid_task_loses_nothing(cluster: Cluster) -> None:
    # Redis re-delivers an unacknowledged task only after the visibility timeout: shorten it.
    setup = "tasks.REDIS_VISIBILITY_TIMEOUT = 8" if cluster.broker.startswith("redis") else ""
    first, log1 = cluster.worker("first", setup=setup)
    coordinator = cluster.coordinator(passes=1)
    _wait_for(log1, "newsdigest.analyse_batch[", READY_TIMEOUT + PASS_TIMEOUT / 2, first)
    time.sleep(0.3)  # well inside the batch: spaCy takes seconds over 16 articles
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert first.returncode == -signal.SIGKILL
    killed_log = log1.read_text()
    received = set(re.findall(r"newsdigest\.analyse_batch\[([0-9a-f-]+)\] received", killed_log))
    finished = set(re.findall(r"newsdigest\.analyse_batch\[([0-9a-f-]+)\] succeeded", killed_log))
    in_hand = received - finished
    assert len(in_hand) == 1, killed_log[-2000:]  # killed mid-task, not between tasks

    second, log2 = cluster.worker("second", setup=setup)
    (report,) = _reports(coordinator, cluster.tmp)
    # the task the killed worker held was delivered again and done by the new worker
    assert f"newsdigest.analyse_batch[{in_hand.pop()}] succeeded" in log2.read_text()

    with open_storage(cluster.db_url) as storage:
        articles = list(storage.iter_articles())
        ids = [a.id for a in articles]
        urls = [a.url for a in articles]
        assert len(ids) == len(set(ids)) == len(set(urls)) == report["new_articles"] > 0
        assert storage.articles_in_stage("new") == [] and storage.articles_in_stage("analysed") == []
        assert set(storage.get_analyses(ids)) == set(ids)
        members = [i for s in storage.list_stories(1000) for i in s.article_ids]
        assert sorted(members) == sorted(ids)  # every article in exactly one story
        assert storage.last_run()["status"] == "done"
    expected = _in_process_reference(cluster.sample, cluster.tmp)
    assert sorted(ids) == expected["articles"]


@pytest.mark.slow
@pytest.mark.postgres
def test_each_language_is_clustered_by_a_task_of_its_own(cluster: Cluster) -> None:
    """English sample outlets and two German ones: the pass sends one cluster task per
    language, and the stories equal the in-process run's, none mixing languages."""
    from test_partitions import GERMAN_STORIES, german_outlets

    with german_outlets() as german:
        with open_storage(cluster.db_url) as storage:
            for name, url in german:
                storage.add_source(Source(name=name, url=url))  # language from the pages: de
        _, log1 = cluster.worker("w1")
        _, log2 = cluster.worker("w2")
        coordinator = cluster.coordinator(passes=1)
        expected = _in_process_reference(cluster.sample, cluster.tmp, german)
        (report,) = _reports(coordinator, cluster.tmp)

    logs = log1.read_text() + log2.read_text()
    clustered = re.findall(r"newsdigest\.cluster\[[0-9a-f-]+\] succeeded in [0-9.]+s: (\{.*\})", logs)
    assert len(clustered) == 2, logs[-3000:]  # one task per language, not one for all
    with open_storage(cluster.db_url) as storage:
        got = _snapshot(storage)
        assert got["articles"] == expected["articles"]
        assert got["stories"] == expected["stories"]
        assert report["clustered"] == len(got["articles"]) and storage.articles_in_stage("analysed") == []
        languages = {a.id: a.language for a in storage.iter_articles()}
        assert set(languages.values()) == {"en", "de"}
        story_languages = [{languages[i] for i in story} for story in got["stories"]]
        assert all(len(langs) == 1 for langs in story_languages)  # stories never mix languages
        german = [len(story) for story in got["stories"] if {languages[i] for i in story} == {"de"}]
        assert sorted(german) == [2] * GERMAN_STORIES
        assert storage.last_run()["status"] == "done"


# --- politeness across workers: one newspaper's many feeds on one host ----------------------

HOST_DELAY = 0.3
GAP_TOLERANCE = 0.06  # seconds: from a turn taken in PostgreSQL to the request on the wire, busy 2-core box


@dataclass
class Newspaper:
    """One host serving many feeds (as one newspaper's sections do), every request timed."""

    server: LocalServer
    feeds: int
    pages: int

    def times(self) -> list[float]:
        return sorted(r.at for r in self.server.requests)

    def gaps(self) -> list[float]:
        times = self.times()
        return [b - a for a, b in zip(times, times[1:])]


@contextmanager
def newspaper(feeds: int, pages: int) -> Iterator[Newspaper]:
    from test_hostile import RSS, page, rss

    srv = LocalServer({"/robots.txt": text("User-agent: *\nAllow: /\n", Content_Type="text/plain")})
    for f in range(feeds):
        ns = [100 * f + p for p in range(pages)]
        items = [(f"Berth {n} closes", srv.url(f"/a/{n}.html"), "Teaser.") for n in ns]
        srv.routes[f"/section{f}.xml"] = text(rss(items, title=f"Section {f}"), Content_Type=RSS)
        for n in ns:
            srv.routes[f"/a/{n}.html"] = text(page(n))
    with srv:
        yield Newspaper(srv, feeds, pages)


@pytest.fixture(params=sorted(BROKERS))
def paced(request, pg_url: str, tmp_path: Path) -> Iterator[Cluster]:
    """A cluster whose workers pace each host at HOST_DELAY; no sources yet, no sample."""
    broker = BROKERS[request.param]
    need(_broker_up(broker), f"{request.param} broker at {broker}")
    queue = f"nd-test-{uuid.uuid4().hex[:10]}"
    env = dict(
        os.environ, NEWSDIGEST_DATABASE_URL=pg_url, NEWSDIGEST_BROKER_URL=broker,
        NEWSDIGEST_FETCH_ALLOW_NETWORKS="127.0.0.1/32", NEWSDIGEST_FETCH_HOST_DELAY=str(HOST_DELAY),
        NEWSDIGEST_FETCH_RETRIES="0", NEWSDIGEST_LOG_LEVEL="INFO", PYTHONPATH=os.pathsep.join(sys.path),
    )
    c = Cluster(broker, queue, pg_url, env, None, tmp_path, [])  # type: ignore[arg-type]
    try:
        yield c
    finally:
        for p in c.procs:
            if p.poll() is None:
                p.kill()
                p.wait(10)
        _drop_queue(broker, queue)


def _fetch_stage(cluster: Cluster) -> subprocess.Popen[bytes]:
    """A coordinator that runs only the fetch stage (``DistributedPass.ingest``); prints the
    sources' outcomes as JSON."""
    code = (
        "import json\nfrom newsdigest import tasks\nfrom newsdigest.pipeline import PassReport\n"
        "from newsdigest.settings import load_config\nfrom newsdigest.storage import open_storage\n"
        f"config = load_config()\ntasks.configure(config)\ntasks.wait_for_workers({cluster.queue!r})\n"
        "report = PassReport()\nwith open_storage(config.database_url) as storage:\n"
        f"    tasks.DistributedPass(storage, config, {cluster.queue!r}).ingest(report)\n"
        "print(json.dumps([tasks._outcome_dict(o) for o in report.sources]))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], env=cluster.env, stdout=subprocess.PIPE,
                            stderr=(cluster.tmp / "coordinator.log").open("wb"))
    cluster.procs.append(proc)
    return proc


def _ready_workers(cluster: Cluster, n: int, **options: object) -> list[Path]:
    workers = [cluster.worker(f"w{i}", preload=False, **options) for i in range(n)]  # type: ignore[arg-type]
    for proc, log in workers:
        _wait_for(log, " ready.", READY_TIMEOUT, proc)  # all consume before any task is sent
    return [log for _, log in workers]


@pytest.mark.slow
@pytest.mark.postgres
def test_two_workers_keep_one_hosts_pace_together(paced: Cluster) -> None:
    """Four feeds of one newspaper, three new pages each, fetched by two workers: no two
    requests reach the host closer than fetch_host_delay, as in one process, and the host
    is kept busy: the whole is not much slower than its requests one delay apart."""
    with newspaper(feeds=4, pages=3) as paper:
        with open_storage(paced.db_url) as storage:
            for f in range(paper.feeds):
                storage.add_source(Source(name=f"Section {f}", url=paper.server.url(f"/section{f}.xml")))
        logs = _ready_workers(paced, 2)
        outcomes = _reports(_fetch_stage(paced), paced.tmp)
        gaps, times = paper.gaps(), paper.times()

    assert [o["status"] for o in outcomes] == ["ok"] * 4 and sum(o["new_articles"] for o in outcomes) == 12
    for log in logs:  # both workers fetched from the host
        assert re.search(r"newsdigest\.fetch_source\[[0-9a-f-]+\] succeeded", log.read_text()), log.name
    assert paper.server.paths().count("/robots.txt") == 2  # one per worker, paced like the rest
    assert len(times) == 2 + 4 + 12
    assert min(gaps) >= HOST_DELAY - GAP_TOLERANCE, gaps
    assert times[-1] - times[0] <= (len(times) - 1) * HOST_DELAY * 1.5 + 1.0, gaps
    with open_storage(paced.db_url) as storage:
        assert len(list(storage.iter_articles())) == 12
        assert PacingStore(storage.engine).next_at("127.0.0.1") is not None  # the shared turns


@pytest.mark.slow
@pytest.mark.postgres
def test_a_crowded_host_puts_fetch_tasks_off_and_loses_nothing(paced: Cluster) -> None:
    """Six fetches at once on one host (two workers of three threads), each allowed to
    wait only two delays for a turn: tasks are put off and retried instead of holding
    their threads, the pace still holds, and every source ends with all its articles
    counted, including those stored by the attempts that were put off."""
    setup = "tasks.PACING_MAX_WAIT = 0.3\ntasks.PACING_RETRY = 0.5"
    with newspaper(feeds=6, pages=2) as paper:
        with open_storage(paced.db_url) as storage:
            for f in range(paper.feeds):
                storage.add_source(Source(name=f"Section {f}", url=paper.server.url(f"/section{f}.xml")))
        logs = _ready_workers(paced, 2, setup=setup, concurrency=3)
        outcomes = _reports(_fetch_stage(paced), paced.tmp)
        gaps, paths = paper.gaps(), paper.server.paths()

    text_of_logs = "".join(log.read_text() for log in logs)
    retried = re.findall(r"newsdigest\.fetch_source\[[0-9a-f-]+\] retry: Retry in", text_of_logs)
    put_off = re.findall(r"fetch put off: fetch: no turn at host 127\.0\.0\.1 within the 0\.6s limit "
                         r"\(waited [0-9.]+s; other workers keep it busy\)", text_of_logs)
    assert retried and len(put_off) == len(retried), text_of_logs[-3000:]
    assert [(o["status"], o["new_articles"]) for o in outcomes] == [("ok", 2)] * 6
    assert all(o["error"] is None for o in outcomes)
    assert sum(p.startswith("/section") for p in paths) > 6  # put-off tasks fetched their feed again
    pages = [p for p in paths if p.startswith("/a/")]
    assert len(pages) == len(set(pages)) == 12  # no page fetched twice: what an attempt stored stays
    assert min(gaps) >= HOST_DELAY - GAP_TOLERANCE, gaps
    with open_storage(paced.db_url) as storage:
        assert len(list(storage.iter_articles())) == 12
        # the sources table (sources list, the API, the dashboard) counts the put-off attempts' articles too
        assert [(s.name, s.last_status, s.last_new_articles) for s in storage.list_sources()] == [
            (f"Section {f}", "ok", 2) for f in range(6)]


# --- the parts that need no broker ---------------------------------------------------------


@pytest.mark.postgres
def test_cluster_lock_admits_one_consumer_per_partition(pg_url: str) -> None:
    from newsdigest.tasks import cluster_lock

    with open_storage(pg_url) as a, open_storage(pg_url) as b:
        with cluster_lock(a, "en") as held:
            assert held
            with cluster_lock(b, "en", wait=0.5) as second:
                assert not second
            with cluster_lock(b, "de", wait=0.5) as other_language:
                assert other_language
        with cluster_lock(b, "en", wait=0.5) as after_release:
            assert after_release


@pytest.mark.postgres
def test_a_dead_holder_releases_the_cluster_lock(pg_url: str) -> None:
    code = (
        "import os, sys\nfrom newsdigest.storage import open_storage\nfrom newsdigest.tasks import cluster_lock\n"
        f"s = open_storage({pg_url!r})\n"
        "with cluster_lock(s, 'en') as held:\n    print(held, flush=True)\n    sys.stdin.read()\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    try:
        assert holder.stdout.readline().strip() == b"True"
        from newsdigest.tasks import cluster_lock

        with open_storage(pg_url) as s:
            with cluster_lock(s, "en", wait=0.3) as held:
                assert not held
            holder.kill()
            holder.wait(10)
            with cluster_lock(s, "en", wait=10) as held:
                assert held  # the killed holder's session ended, and its lock with it
    finally:
        if holder.poll() is None:
            holder.kill()


def test_celery_settings_acknowledge_late() -> None:
    from newsdigest.tasks import celery_settings

    for url, backend in [("amqp://guest:guest@127.0.0.1:5672//", "rpc://"),
                         ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0")]:
        conf = celery_settings(load_config(env={"NEWSDIGEST_BROKER_URL": url}))
        assert conf["task_acks_late"] and conf["task_reject_on_worker_lost"]
        assert conf["worker_prefetch_multiplier"] == 1
        assert conf["result_backend"] == backend
    redis_conf = celery_settings(load_config(env={"NEWSDIGEST_BROKER_URL": "redis://127.0.0.1:6379/0"}))
    assert redis_conf["broker_transport_options"]["visibility_timeout"] > 0


def test_distributed_mode_refuses_what_cannot_work(tmp_path: Path) -> None:
    from newsdigest.tasks import configure, run_distributed, worker_node_name

    with pytest.raises(ConfigError, match="^tasks: broker_url is empty"):
        configure(load_config(env={}))
    config = load_config(env={"NEWSDIGEST_BROKER_URL": "amqp://guest:guest@127.0.0.1:5672//"})
    with open_storage(str(tmp_path / "x.db")) as sqlite:
        with pytest.raises(ConfigError, match="^tasks: .*postgresql"):
            run_distributed(sqlite, config)
    assert worker_node_name().startswith(f"newsdigest-{os.getpid()}@")


# --- fetch tasks run eagerly (no broker): put off, carried on, never failing the pass -------


class _ScriptedTurns:
    """A turn store that answers its n-th ask (from 1) as ``script(n)`` says: "grant", "busy"
    (the host's next turn a minute off) or "fail" (the database blipping)."""

    def __init__(self, script: Callable[[int], str]) -> None:
        self.script, self.asked = script, 0

    def try_turn(self, host: str, delay: float) -> object:
        from types import SimpleNamespace

        from newsdigest.errors import PacingError

        self.asked += 1
        answer = self.script(self.asked)
        if answer == "fail":
            raise PacingError(f"storage: cannot take a fetch turn for host {host}: connection lost")
        return SimpleNamespace(granted=answer == "grant", wait=60.0 if answer == "busy" else 0.0)

    def mark_sent(self, host: str, delay: float) -> None:
        pass  # the script's turns have no time to move


@contextmanager
def _eager_worker(storage: Storage, store: object) -> Iterator[None]:
    """The task module's worker state over ``storage`` and a pacer on ``store``, as in a worker."""
    from ingest_helpers import ingest_config

    from newsdigest import tasks
    from newsdigest.fetch import Fetcher, SharedPacer

    config = ingest_config(fetch_host_delay=0.01)
    pacer = SharedPacer(store, max_wait=0.05)  # type: ignore[arg-type]
    before = tasks._worker_state
    tasks._worker_state = tasks._Worker(config, storage, Fetcher(config, pacer=pacer), pacer)
    try:
        yield
    finally:
        tasks._worker_state.fetcher.close()
        tasks._worker_state = before


@contextmanager
def _one_outlet(storage: Storage, pages: int = 2) -> Iterator[tuple[LocalServer, int]]:
    with newspaper(feeds=1, pages=pages) as paper:
        source = storage.add_source(Source(name="Section 0", url=paper.server.url("/section0.xml")))
        yield paper.server, source.id  # type: ignore[misc]


def test_a_database_blip_while_pacing_puts_the_fetch_off_and_loses_nothing(sqlite_storage: Storage) -> None:
    from newsdigest import tasks

    turns = _ScriptedTurns(lambda n: "fail" if n <= 2 else "grant")
    with _one_outlet(sqlite_storage) as (srv, sid), _eager_worker(sqlite_storage, turns):
        outcome = tasks.fetch_source.apply(args=(sid,)).get()  # retried at once when eager
    assert (outcome["status"], outcome["new_articles"], outcome["error"]) == ("ok", 2, None)
    assert sqlite_storage.source(sid).last_new_articles == 2


def test_a_database_blip_while_pacing_a_page_puts_the_fetch_off_too(sqlite_storage: Storage) -> None:
    """Turns: robots.txt, the feed, then the first page — whose turn fails once. The fetch is
    retried, not ended as the source's error with its pages left unfetched."""
    from newsdigest import tasks

    turns = _ScriptedTurns(lambda n: "fail" if n == 3 else "grant")
    with _one_outlet(sqlite_storage) as (srv, sid), _eager_worker(sqlite_storage, turns):
        outcome = tasks.fetch_source.apply(args=(sid,)).get()
    assert (outcome["status"], outcome["new_articles"], outcome["error"]) == ("ok", 2, None)
    source = sqlite_storage.source(sid)
    assert (source.last_status, source.last_new_articles) == ("ok", 2)


def test_a_database_failing_while_pacing_is_the_sources_error_not_the_pass(sqlite_storage: Storage) -> None:
    from newsdigest import tasks

    turns = _ScriptedTurns(lambda n: "fail")
    with _one_outlet(sqlite_storage) as (srv, sid), _eager_worker(sqlite_storage, turns):
        outcome = tasks.fetch_source.apply(args=(sid,)).get()  # the task ends; the stage's get() does not raise
    assert outcome["status"] == "error" and outcome["new_articles"] == 0
    assert outcome["error"].startswith("storage: cannot take a fetch turn for host 127.0.0.1: ")
    assert srv.paths() == []  # no request went without a turn
    source = sqlite_storage.source(sid)
    assert source.last_status == "error" and source.last_error == outcome["error"]


def test_a_put_off_fetch_task_carries_on_without_asking_again_for_tried_pages(
    sqlite_storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Page /a/1 answers 404 (and its teaser is too short): tried, nothing stored. The host is
    busy before /a/2; the retry fetches the feed and /a/2 only, and counts what was stored."""
    from newsdigest import tasks

    sent: list[dict] = []
    real_retry = tasks.fetch_source.retry

    def noting_retry(*args: object, **kwargs: object) -> object:
        sent.append(json.loads(json.dumps(kwargs["kwargs"])))  # what the broker would carry: JSON
        return real_retry(*args, **kwargs)

    monkeypatch.setattr(tasks.fetch_source, "retry", noting_retry)
    turns = _ScriptedTurns(lambda n: "busy" if n == 5 else "grant")
    with _one_outlet(sqlite_storage, pages=3) as (srv, sid), _eager_worker(sqlite_storage, turns):
        del srv.routes["/a/1.html"]  # 404
        outcome = tasks.fetch_source.apply(args=(sid,)).get()
        paths = srv.paths()
    # robots.txt, feed, /a/0, /a/1 (404), busy before /a/2; then feed, /a/2
    assert paths == ["/robots.txt", "/section0.xml", "/a/0.html", "/a/1.html", "/section0.xml", "/a/2.html"]
    (carried,) = sent
    assert len(carried["earlier"]) == 1 and list(carried["tried"]) == [srv.url("/a/1.html")]
    assert outcome["status"] == "ok" and outcome["new_articles"] == 2
    assert outcome["dropped"]["page_http_status"] == 1 and outcome["dropped"]["too_short"] == 1
    assert sqlite_storage.source(sid).last_new_articles == 2
