"""The pass: `run`/`fetch`, `worker`, `scheduler`, and articles in and out (`import`, `export`)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import NewsdigestError
from ..settings import parse_duration
from ._common import State, _state, err, out


def _print_pass(report: Any) -> None:
    table = Table("source", "status", "entries", "new", "dropped", "error", title="This pass")
    for s in sorted(report.sources, key=lambda s: s.name):
        dropped = ", ".join(f"{k} {v}" for k, v in sorted(s.dropped.items()) if v)
        style = "red" if s.status == "error" else None
        table.add_row(s.name, s.status, str(s.entries), str(s.new_articles), dropped, escape(s.error or ""), style=style)
    if report.sources:
        out.print(table)
    out.print(
        f"{report.new_articles} new article(s), {report.analysed} analysed, {report.stories_touched} stor(ies) updated, "
        f"{report.digests_written} digest(s) written"
    )
    for e in report.errors:
        err.print(f"[red]{escape(e)}[/red]")

def _storage_failed(report: Any) -> list[str]:
    """Sources whose articles the database would not take in this pass (each failure is
    recorded on its source when the database lets us; the next pass fetches them again)."""
    return [s.name for s in report.sources if (s.error or "").startswith("storage:")]

def _one_pass(state: State, as_json: bool) -> Any:
    from ..pipeline import run_pass
    from ..progress import RichReporter

    if state.config.broker_url:
        from ..tasks import run_distributed  # scale-out: hand the pass to the workers

        report = run_distributed(state.storage, state.config)
    else:
        with RichReporter() as reporter:
            report = run_pass(state.storage, state.config, reporter)
    if as_json:
        print(json.dumps({**report.stats(), "sources": [
            {"name": s.name, "status": s.status, "entries": s.entries, "new_articles": s.new_articles,
             "dropped": dict(s.dropped), "error": s.error} for s in report.sources]}, indent=2))
    else:
        _print_pass(report)
    return report

def run(
    ctx: typer.Context,
    every: Optional[str] = typer.Option(None, "--every", help="Keep going: one pass every interval (e.g. 15m)."),
    as_json: bool = typer.Option(False, "--json", help="The pass summary as JSON on stdout."),
) -> None:
    """One whole pass: fetch every source, then analyse, cluster, rank, write and publish."""
    state = _state(ctx)
    interval = parse_duration(every) if every else None
    while True:
        started = time.monotonic()
        failed = _storage_failed(_one_pass(state, as_json))
        if failed:  # not a broken outlet but the database, which the user has to see to
            err.print(f"[red]error:[/red] the database failed while storing articles of {escape(', '.join(failed))}; "
                      "they are fetched again on the next pass", highlight=False)
        from ..follow import send_if_configured

        followed = send_if_configured(state.storage, state.config)  # "What's new" mails to story followers
        if followed:
            err.print(f"{followed} follow mail(s) sent")
        if interval is None:
            if failed:
                raise typer.Exit(1)
            return
        from ..newsletter import send_if_due

        sent = send_if_due(state.storage, state.config)  # once a day, after newsletter_hour
        if sent:
            err.print(f"newsletter sent to {sent} subscriber(s)")
        pause = max(0.0, interval - (time.monotonic() - started))
        err.print(f"next pass in {pause:.0f}s (Ctrl-C to stop)")
        try:
            time.sleep(pause)
        except KeyboardInterrupt:
            return

def worker(
    ctx: typer.Context,
    concurrency: int = typer.Option(1, "--concurrency", min=1, help="Tasks this process runs at once (threads)."),
) -> None:
    """Run one Celery worker in the foreground (node newsdigest-<pid>@<host>) until SIGTERM; needs NEWSDIGEST_BROKER_URL."""
    from ..tasks import worker_main

    worker_main(_state(ctx).config, concurrency=concurrency)

def scheduler(
    ctx: typer.Context,
    every: str = typer.Option("15m", "--every", help="Time from one pass's start to the next (e.g. 15m)."),
) -> None:
    """Hand one pass to the workers every interval until SIGTERM; needs NEWSDIGEST_BROKER_URL."""
    from ..tasks import scheduler_main

    scheduler_main(_state(ctx).config, parse_duration(every), on_report=_print_pass)

def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Articles as JSONL (one JSON object per line).", exists=True, dir_okay=False),
) -> None:
    """Import articles (keeping their ids) and carry them through stories, digests and publishing."""
    from ..jsonl import read_articles
    from ..pipeline import process
    from ..progress import RichReporter
    from ..records import Article

    storage = _state(ctx).storage
    good: list[Article] = []
    bad = 0
    # A BOM is no part of the first line; a line that is not UTF-8 is reported and skipped.
    with file.open(encoding="utf-8-sig", errors="surrogateescape") as fh:
        for item in read_articles(fh):
            if isinstance(item, Article):
                good.append(item)
            else:
                bad += 1
                err.print(f"[yellow]{escape(str(item))}[/yellow] (skipped)", highlight=False)
    new = []
    for i in range(0, len(good), 500):
        new += storage.add_articles(good[i : i + 500])
    err.print(f"imported {len(new)} new article(s) of {len(good)} good line(s); {bad} bad line(s) skipped")
    with RichReporter() as reporter:
        report = process(storage, _state(ctx).config, reporter)
    _print_pass(report)
    if bad:
        raise typer.Exit(1)

def export(
    ctx: typer.Context,
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout."),
) -> None:
    """Write every stored article as JSONL (the import format)."""
    from ..jsonl import write_articles

    articles = _state(ctx).storage.iter_articles()
    try:
        if output is None:
            n = write_articles(articles, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as fh:
                n = write_articles(articles, fh)
    except OSError as exc:
        raise NewsdigestError(f"export: cannot write {output or 'stdout'}: {exc.strerror or exc}") from None
    err.print(f"exported {n} article(s)")
