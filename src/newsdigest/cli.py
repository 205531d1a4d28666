"""The command line: a thin shell over the library. Data on stdout, messages on stderr."""

from __future__ import annotations

import json
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import __version__
from .errors import NewsdigestError, NotFound
from .logs import setup_logging
from .settings import Config, load_config, parse_duration

app = typer.Typer(help="newsdigest: trending-news digests from many outlets' feeds.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
sources_app = typer.Typer(help="Manage the outlets' feeds.", no_args_is_help=True)
config_app = typer.Typer(help="Show the settings.", no_args_is_help=True)
users_app = typer.Typer(help="Editors and admins of /admin/ and the API.", no_args_is_help=True)
app.add_typer(users_app, name="users")
newsletter_app = typer.Typer(help="The daily newsletter to confirmed subscribers.", no_args_is_help=True)
app.add_typer(newsletter_app, name="newsletter")
app.add_typer(sources_app, name="sources")
app.add_typer(config_app, name="config")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@dataclass
class State:
    config: Config
    _storage: Any = None

    @property
    def storage(self):  # type: ignore[no-untyped-def]
        if self._storage is None:
            from .storage import open_storage

            self._storage = open_storage(self.config.database_url)
        return self._storage


def _state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State)


@app.callback()
def _main(
    ctx: typer.Context,
    db: Optional[str] = typer.Option(None, "--db", help="SQLite file path or database URL (overrides NEWSDIGEST_DATABASE_URL)."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="TOML settings file (default: ./newsdigest.toml)."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output on stderr (-v info, -vv debug)."),
) -> None:
    config = load_config(path=config_file)
    if db:
        config = config.replace(database_url=db)
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else getattr(logging, str(config.log_level).upper(), logging.WARNING)
    setup_logging(level, str(config.log_format))
    ctx.obj = State(config)


# --- database and sources ----------------------------------------------------------


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database (optional: every command does it on first use)."""
    storage = _state(ctx).storage
    err.print(f"database ready: {storage.engine.url.render_as_string(hide_password=True)}")


def _source_dict(s: Any) -> dict[str, Any]:
    return {
        "name": s.name, "url": s.url, "homepage": s.homepage, "language": s.language, "weight": s.weight,
        "labels": list(s.labels), "last_fetched": s.last_fetched.isoformat() if s.last_fetched else None,
        "last_status": s.last_status, "last_new_articles": s.last_new_articles,
        "error_count": s.error_count, "last_error": s.last_error,
    }


@sources_app.command("add")
def sources_add(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The feed URL (RSS, Atom or JSON Feed)."),
    name: Optional[str] = typer.Option(None, "--name", help="Outlet name shown on digests (default: the host)."),
    homepage: str = typer.Option("", "--homepage", help="The outlet's home page."),
    language: str = typer.Option("en", "--language", help="Language code of the feed."),
    weight: float = typer.Option(1.0, "--weight", help="Outlet weight in trend scores."),
    label: list[str] = typer.Option([], "--label", help="A label (country, ownership…); repeatable."),
) -> None:
    """Add a source; exits non-zero when the source is refused."""
    from .sources import new_source

    src = _state(ctx).storage.add_source(
        new_source(url, name, homepage=homepage, language=language, weight=weight, labels=tuple(label))
    )
    err.print(f"added source {src.name}: {src.url}")


@sources_app.command("list")
def sources_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="JSON array on stdout.")) -> None:
    """List sources with their last fetch, error count and last error."""
    items = _state(ctx).storage.list_sources()
    if as_json:
        print(json.dumps([_source_dict(s) for s in items], indent=2, ensure_ascii=False))
        return
    table = Table("name", "feed", "last fetched", "status", "new", "errors", "last error")
    for s in items:
        table.add_row(
            s.name, s.url, s.last_fetched.strftime("%Y-%m-%d %H:%M") if s.last_fetched else "never",
            s.last_status or "", str(s.last_new_articles), str(s.error_count), s.last_error or "",
        )
    out.print(table)


@sources_app.command("import")
def sources_import(ctx: typer.Context, file: Path = typer.Argument(..., help="An OPML file.", exists=True, dir_okay=False)) -> None:
    """Add every feed of an OPML file (feeds already present are kept as they are)."""
    from .errors import SourceError
    from .sources import parse_opml

    storage = _state(ctx).storage
    added = kept = 0
    for src in parse_opml(file.read_bytes()):
        try:
            storage.add_source(src)
            added += 1
        except SourceError:
            kept += 1
    err.print(f"imported {added} source(s); {kept} already present")


@sources_app.command("export")
def sources_export(ctx: typer.Context) -> None:
    """Write the sources as OPML to stdout."""
    from .sources import to_opml

    sys.stdout.write(to_opml(_state(ctx).storage.list_sources(), title=f"{_state(ctx).config.site_title} sources"))


@sources_app.command("remove")
def sources_remove(ctx: typer.Context, name: str) -> None:
    """Remove a source (its articles stay)."""
    _state(ctx).storage.remove_source(name)
    err.print(f"removed source {name}")


@sources_app.command("label")
def sources_label(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The source's name."),
    labels: list[str] = typer.Argument(None, help="Labels such as country:uk ownership:public; a key:value replaces the old value of that key."),
    clear: bool = typer.Option(False, "--clear", help="Drop the source's labels first (alone: remove them all)."),
) -> None:
    """Label a source (country, language, ownership …) for the coverage lines on digest pages."""
    from .diversity import merge_labels

    storage = _state(ctx).storage
    old = () if clear else storage.source(name).labels
    src = storage.set_source_labels(name, merge_labels(old, labels or []))
    err.print(f"labels of {src.name}: {', '.join(src.labels) or '(none)'}")


@sources_app.command("reset-errors")
def sources_reset_errors(ctx: typer.Context, names: list[str] = typer.Argument(None, help="Sources (default: all).")) -> None:
    """Set error counts back to zero."""
    n = _state(ctx).storage.reset_errors(names or None)
    err.print(f"reset errors on {n} source(s)")


# --- the pass ----------------------------------------------------------------------


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
    from .pipeline import run_pass
    from .progress import RichReporter

    if state.config.broker_url:
        from .tasks import run_distributed  # scale-out: hand the pass to the workers

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


@app.command()
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
        from .follow import send_if_configured

        followed = send_if_configured(state.storage, state.config)  # "What's new" mails to story followers
        if followed:
            err.print(f"{followed} follow mail(s) sent")
        if interval is None:
            if failed:
                raise typer.Exit(1)
            return
        from .newsletter import send_if_due

        sent = send_if_due(state.storage, state.config)  # once a day, after newsletter_hour
        if sent:
            err.print(f"newsletter sent to {sent} subscriber(s)")
        pause = max(0.0, interval - (time.monotonic() - started))
        err.print(f"next pass in {pause:.0f}s (Ctrl-C to stop)")
        try:
            time.sleep(pause)
        except KeyboardInterrupt:
            return


app.command("fetch", help="Same as run: one pass, fetch through publish.")(run)


@app.command()
def worker(
    ctx: typer.Context,
    concurrency: int = typer.Option(1, "--concurrency", min=1, help="Tasks this process runs at once (threads)."),
) -> None:
    """Run one Celery worker in the foreground (node newsdigest-<pid>@<host>) until SIGTERM; needs NEWSDIGEST_BROKER_URL."""
    from .tasks import worker_main

    worker_main(_state(ctx).config, concurrency=concurrency)


@app.command()
def scheduler(
    ctx: typer.Context,
    every: str = typer.Option("15m", "--every", help="Time from one pass's start to the next (e.g. 15m)."),
) -> None:
    """Hand one pass to the workers every interval until SIGTERM; needs NEWSDIGEST_BROKER_URL."""
    from .tasks import scheduler_main

    scheduler_main(_state(ctx).config, parse_duration(every), on_report=_print_pass)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Articles as JSONL (one JSON object per line).", exists=True, dir_okay=False),
) -> None:
    """Import articles (keeping their ids) and carry them through stories, digests and publishing."""
    from .jsonl import read_articles
    from .pipeline import process
    from .progress import RichReporter
    from .records import Article

    storage = _state(ctx).storage
    good: list[Article] = []
    bad = 0
    with file.open(encoding="utf-8", errors="replace") as fh:
        for item in read_articles(fh):
            if isinstance(item, Article):
                good.append(item)
            else:
                bad += 1
                err.print(f"[yellow]{item}[/yellow] (skipped)")
    new = []
    for i in range(0, len(good), 500):
        new += storage.add_articles(good[i : i + 500])
    err.print(f"imported {len(new)} new article(s) of {len(good)} good line(s); {bad} bad line(s) skipped")
    with RichReporter() as reporter:
        report = process(storage, _state(ctx).config, reporter)
    _print_pass(report)
    if bad:
        raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context,
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout."),
) -> None:
    """Write every stored article as JSONL (the import format)."""
    from .jsonl import write_articles

    articles = _state(ctx).storage.iter_articles()
    if output is None:
        n = write_articles(articles, sys.stdout)
    else:
        with output.open("w", encoding="utf-8") as fh:
            n = write_articles(articles, fh)
    err.print(f"exported {n} article(s)")


# --- stories and digests -----------------------------------------------------------


stories_app = typer.Typer(help="List stories; split or merge them (editor corrections that later runs keep).")
app.add_typer(stories_app, name="stories")


@stories_app.callback(invoke_without_command=True)
def stories(
    ctx: typer.Context,
    limit: int = typer.Option(50, "--limit", help="How many stories, by trend score."),
    as_json: bool = typer.Option(False, "--json", help="JSON array on stdout."),
) -> None:
    """List stories by trend score, with their articles."""
    if ctx.invoked_subcommand is not None:
        return
    from .serialize import story_dict

    storage = _state(ctx).storage
    items = storage.list_stories(limit)
    if as_json:
        result = []
        for s in items:
            d = story_dict(s)
            d["reprint_count"] = s.article_count - s.independent_count  # as the API says
            digest = storage.digest_for_story(s.id)
            d["digest"] = digest.slug if digest else None
            result.append(d)
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    # Independent reports and reprints (wire copies) apart, as the site counts them.
    table = Table("story", "score", "articles", "independent", "reprints", "outlets", "title", "digest")
    for s in items:
        digest = storage.digest_for_story(s.id)
        table.add_row(str(s.id), f"{s.trend_score:.2f}", str(s.article_count), str(s.independent_count),
                      str(s.article_count - s.independent_count), str(s.outlet_count), s.title,
                      digest.slug if digest else "—")
    out.print(table)


def _rewrite_now(state: State, story_ids: list[int]) -> None:
    """Write the corrected stories' digests at once, so the site shows the correction."""
    from .pipeline import PassReport, write_changed
    from .progress import NullReporter

    report = PassReport()
    write_changed(state.storage, state.config, NullReporter(), report, story_ids=story_ids)
    for e in report.errors:
        err.print(f"[red]{e}[/red]")


def _correction_json(storage: Any, story_ids: list[int]) -> None:
    from .serialize import story_dict

    result = []
    for sid in story_ids:
        s = storage.story(sid)
        digest = storage.digest_for_story(sid)
        result.append({**story_dict(s), "digest": digest.slug if digest else None})
    print(json.dumps(result, indent=2, ensure_ascii=False))


@stories_app.command("split")
def stories_split(
    ctx: typer.Context,
    story: int = typer.Argument(..., help="The story to split."),
    article_ids: list[str] = typer.Argument(..., help="Articles to move into a new story."),
    by: str = typer.Option("cli", "--by", help="Who made the correction (recorded with it)."),
    write: bool = typer.Option(True, "--write/--no-write", help="Rewrite both digests now (default) or on the next run."),
    as_json: bool = typer.Option(False, "--json", help="Both stories as JSON on stdout."),
) -> None:
    """Move articles out of a story into a new one; later runs keep them apart."""
    from .grouping import split_story

    state = _state(ctx)
    old, new = split_story(state.storage, story, article_ids, by=by)
    if write:
        _rewrite_now(state, [old.id, new.id])
    if as_json:
        _correction_json(state.storage, [old.id, new.id])
    else:
        err.print(f"split story {old.id}: {len(new.article_ids)} article(s) moved to new story {new.id}; "
                  f"{len(old.article_ids)} stay")


@stories_app.command("merge")
def stories_merge(
    ctx: typer.Context,
    story_a: int = typer.Argument(..., help="The story that stays."),
    story_b: int = typer.Argument(..., help="The story merged into it."),
    by: str = typer.Option("cli", "--by", help="Who made the correction (recorded with it)."),
    write: bool = typer.Option(True, "--write/--no-write", help="Rewrite the digest now (default) or on the next run."),
    as_json: bool = typer.Option(False, "--json", help="The merged story as JSON on stdout."),
) -> None:
    """Merge STORY_B into STORY_A; later runs keep their articles together."""
    from .grouping import merge_stories

    state = _state(ctx)
    merged = merge_stories(state.storage, story_a, story_b, by=by)
    if write:
        _rewrite_now(state, [merged.id])
    if as_json:
        _correction_json(state.storage, [merged.id])
    else:
        err.print(f"merged story {story_b} into story {story_a}: {merged.article_count} article(s)")


def _find_digest(storage: Any, story: str) -> Any:
    digest = storage.digest_for_story(int(story)) if story.isdigit() else storage.digest_by_slug(story)
    if digest is None:
        raise NotFound(f"digest: story {story} has no digest")
    return digest


def _print_digest(d: Any) -> None:
    out.print(f"[bold]{d.headline}[/bold]")
    out.print(f"Published {d.published:%Y-%m-%d %H:%M} UTC" + (f" · Updated {d.updated:%Y-%m-%d %H:%M}" if d.updated and d.updated > d.published else "") if d.published else "")
    for p in d.paragraphs:
        out.print()
        out.print(p.text)
    out.print("\n[bold]Relevant articles[/bold]")
    for r in d.relevant_articles:
        when = f", {r.published:%Y-%m-%d}" if r.published else ""
        out.print(f"- {r.title}, {r.outlet}{when}  {r.url}")


@app.command()
def digest(
    ctx: typer.Context,
    story: str = typer.Argument(..., help="Story id (or digest slug)."),
    as_json: bool = typer.Option(False, "--json", help="The digest as JSON."),
) -> None:
    """Show a story's digest; exits non-zero when the story has no digest."""
    from .serialize import digest_dict

    d = _find_digest(_state(ctx).storage, story)
    if as_json:
        print(json.dumps(digest_dict(d), indent=2, ensure_ascii=False))
    else:
        _print_digest(d)


@app.command()
def summarize(
    file: Path = typer.Argument(..., help="Articles as JSONL.", exists=True, dir_okay=False),
    words: int = typer.Option(400, "--words", min=10, help="At most this many words."),
    as_json: bool = typer.Option(False, "--json", help="The digest as JSON."),
) -> None:
    """Write a digest of exactly the given articles (nothing is stored)."""
    from .analyse import analyse_many
    from .jsonl import read_articles
    from .records import Article
    from .serialize import digest_dict
    from .write import summarize as summarize_articles

    good: list[Article] = []
    with file.open(encoding="utf-8", errors="replace") as fh:
        for item in read_articles(fh):
            if isinstance(item, Article):
                good.append(item)
            else:
                err.print(f"[yellow]{item}[/yellow] (skipped)")
    if not good:
        raise NewsdigestError(f"summarize: no usable articles in {file}")
    analyses = {a.article_id: a for a in analyse_many(good)}
    d = summarize_articles(good, analyses, words=words)
    if as_json:
        print(json.dumps(digest_dict(d), indent=2, ensure_ascii=False))
    else:
        _print_digest(d)


@app.command()
def quotes(
    file: Path = typer.Argument(..., help="A plain UTF-8 text.", exists=True, dir_okay=False),
    as_json: bool = typer.Option(False, "--json", help="JSON array of {text, start, end, speaker, role, verb}."),
) -> None:
    """List the direct quotes in a text, with speaker, role and verb (offsets into the file's text)."""
    from .quotes import extract_quotes
    from .serialize import quote_dict

    with file.open(encoding="utf-8", errors="replace", newline="") as fh:  # newline="": offsets match the file
        text = fh.read()
    found = extract_quotes(text)
    if as_json:
        print(json.dumps([quote_dict(q, with_article=False) for q in found], indent=2, ensure_ascii=False))
        return
    for q in found:
        who = ", ".join(x for x in (q.speaker or "unknown speaker", q.role) if x)
        out.print(f"[{q.start}:{q.end}] “{q.text}” — {who} ({q.verb or 'no verb'})")


# --- site --------------------------------------------------------------------------


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the site in the foreground until SIGTERM / Ctrl-C."""
    import uvicorn

    from .web.app import create_app

    state = _state(ctx)
    err.print(f"serving {state.config.site_title} on http://{host}:{port}/")
    uvicorn.run(create_app(state.config, state.storage), host=host, port=port, log_level="warning", proxy_headers=False)


@app.command()
def build(
    ctx: typer.Context,
    output: Path = typer.Option(Path("site"), "-o", "--output", help="Folder to write the static site into (replaced)."),
) -> None:
    """Export the whole site as static files (pages, feeds, sitemaps, assets)."""
    from .build import build_site

    state = _state(ctx)
    n = build_site(state.config, state.storage, output)
    err.print(f"wrote {n} file(s) to {output}/")


@app.command()
def demo(
    ctx: typer.Context,
    port: int = typer.Option(8000, "--port", help="Port for the site."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Ingest the sample outlets, then exit."),
) -> None:
    """Serve the bundled sample outlets locally, ingest them through the real fetcher, serve the site."""
    from .demo.run import run_demo

    run_demo(_state(ctx).config, port=port, serve=not no_serve, console=err)


@config_app.command("show")
def config_show(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="JSON object on stdout."),
    markdown: bool = typer.Option(False, "--markdown", help="The settings table (defaults, not values) as Markdown."),
) -> None:
    """Print every setting's resolved value (secrets redacted) and where it came from."""
    from .settings import SETTINGS, markdown_table

    if markdown:
        sys.stdout.write(markdown_table())
        return
    cfg = _state(ctx).config
    values = cfg.redacted()
    if as_json:
        print(json.dumps(values, indent=2, default=list))
        return
    table = Table("setting", "value", "from", "help")
    for s in SETTINGS:
        v = values[s.name]
        table.add_row(s.name, ",".join(v) if isinstance(v, tuple) else str(v), cfg.origins.get(s.name, "default"), s.help)
    out.print(table)


def _password(prompt: bool) -> str:
    import getpass
    import os

    if os.environ.get("NEWSDIGEST_NEW_PASSWORD"):  # for scripts; never a command-line argument (ps would show it)
        return os.environ["NEWSDIGEST_NEW_PASSWORD"]
    if not prompt or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise NewsdigestError("users: the two passwords differ")
    return first


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option("editor", "--role", help="editor or admin."),
) -> None:
    """Create an account; the password is asked for (or read from stdin / NEWSDIGEST_NEW_PASSWORD)."""
    from .auth import add_user

    user = add_user(_state(ctx).storage, name, _password(True), role=role)
    err.print(f"added {user.role} {user.name}")


@users_app.command("password")
def users_password(ctx: typer.Context, name: str = typer.Argument(..., help="Login name.")) -> None:
    """Change a password (ends that user's sessions)."""
    from .auth import set_password

    set_password(_state(ctx).storage, name, _password(True))
    err.print(f"password changed for {name}")


@users_app.command("token")
def users_token(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Login name."),
    label: str = typer.Option("", "--label", help="What the token is for."),
) -> None:
    """Create an API token for the JSON API's write actions; printed once on stdout."""
    from .auth import new_api_token

    print(new_api_token(_state(ctx).storage, name, label))


@newsletter_app.command("send")
def newsletter_send(ctx: typer.Context) -> None:
    """Send today's newsletter now (at most once a day; a rerun sends nothing twice)."""
    from .newsletter import send_daily

    n = send_daily(_state(ctx).storage, _state(ctx).config)
    err.print(f"newsletter sent to {n} subscriber(s)")


@newsletter_app.command("follows")
def newsletter_follows(ctx: typer.Context) -> None:
    """Mail story followers what is new now (run does it after every pass; nothing is sent twice)."""
    from .follow import send_updates

    n = send_updates(_state(ctx).storage, _state(ctx).config)
    err.print(f"{n} follow mail(s) sent")


@app.command()
def version() -> None:
    """Print the version."""
    print(__version__)


def main() -> None:
    try:
        app()
    except NewsdigestError as exc:  # escaped: a path or URL in the message may hold [brackets]
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None
