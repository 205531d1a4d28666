"""`init` and `sources …`: the database and the outlets' feeds."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from ._common import _state, err, out

sources_app = typer.Typer(help="Manage the outlets' feeds.", no_args_is_help=True)


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
    from ..sources import new_source

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
            escape(s.name), escape(s.url), s.last_fetched.strftime("%Y-%m-%d %H:%M") if s.last_fetched else "never",
            s.last_status or "", str(s.last_new_articles), str(s.error_count), escape(s.last_error or ""),
        )
    out.print(table)


@sources_app.command("import")
def sources_import(ctx: typer.Context, file: Path = typer.Argument(..., help="An OPML file.", exists=True, dir_okay=False)) -> None:
    """Add every feed of an OPML file (feeds already present are kept as they are)."""
    from ..errors import SourceError
    from ..sources import parse_opml

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
    from ..sources import to_opml

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
    from ..diversity import merge_labels

    storage = _state(ctx).storage
    old = () if clear else storage.source(name).labels
    src = storage.set_source_labels(name, merge_labels(old, labels or []))
    err.print(f"labels of {src.name}: {', '.join(src.labels) or '(none)'}")


@sources_app.command("reset-errors")
def sources_reset_errors(ctx: typer.Context, names: list[str] = typer.Argument(None, help="Sources (default: all).")) -> None:
    """Set error counts back to zero."""
    n = _state(ctx).storage.reset_errors(names or None)
    err.print(f"reset errors on {n} source(s)")
