"""Stories and digests: `stories` (list, split, merge), `digest`, `summarize`, `quotes`."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import NewsdigestError, NotFound
from ._common import State, _state, err, out

MAX_ID = 2**63 - 1  # the largest id a database column holds: a longer number is no story's

stories_app = typer.Typer(help="List stories; split or merge them (editor corrections that later runs keep).")


@stories_app.callback(invoke_without_command=True)
def stories(
    ctx: typer.Context,
    limit: int = typer.Option(50, "--limit", help="How many stories, by trend score."),
    as_json: bool = typer.Option(False, "--json", help="JSON array on stdout."),
) -> None:
    """List stories by trend score, with their articles."""
    if ctx.invoked_subcommand is not None:
        return
    from ..serialize import story_dict

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
                      str(s.article_count - s.independent_count), str(s.outlet_count), escape(s.title),
                      digest.slug if digest else "—")
    out.print(table)


def _rewrite_now(state: State, story_ids: list[int]) -> None:
    """Write the corrected stories' digests at once, so the site shows the correction."""
    from ..pipeline import PassReport, write_changed
    from ..progress import NullReporter

    report = PassReport()
    write_changed(state.storage, state.config, NullReporter(), report, story_ids=story_ids)
    for e in report.errors:
        err.print(f"[red]{escape(e)}[/red]")


def _correction_json(storage: Any, story_ids: list[int]) -> None:
    from ..serialize import story_dict

    result = []
    for sid in story_ids:
        s = storage.story(sid)
        digest = storage.digest_for_story(sid)
        result.append({**story_dict(s), "digest": digest.slug if digest else None})
    print(json.dumps(result, indent=2, ensure_ascii=False))


@stories_app.command("split")
def stories_split(
    ctx: typer.Context,
    story: int = typer.Argument(..., help="The story to split.", min=1, max=MAX_ID),
    article_ids: list[str] = typer.Argument(..., help="Articles to move into a new story."),
    by: str = typer.Option("cli", "--by", help="Who made the correction (recorded with it)."),
    write: bool = typer.Option(True, "--write/--no-write", help="Rewrite both digests now (default) or on the next run."),
    as_json: bool = typer.Option(False, "--json", help="Both stories as JSON on stdout."),
) -> None:
    """Move articles out of a story into a new one; later runs keep them apart."""
    from ..grouping import split_story

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
    story_a: int = typer.Argument(..., help="The story that stays.", min=1, max=MAX_ID),
    story_b: int = typer.Argument(..., help="The story merged into it.", min=1, max=MAX_ID),
    by: str = typer.Option("cli", "--by", help="Who made the correction (recorded with it)."),
    write: bool = typer.Option(True, "--write/--no-write", help="Rewrite the digest now (default) or on the next run."),
    as_json: bool = typer.Option(False, "--json", help="The merged story as JSON on stdout."),
) -> None:
    """Merge STORY_B into STORY_A; later runs keep their articles together."""
    from ..grouping import merge_stories

    state = _state(ctx)
    merged = merge_stories(state.storage, story_a, story_b, by=by)
    if write:
        _rewrite_now(state, [merged.id])
    if as_json:
        _correction_json(state.storage, [merged.id])
    else:
        err.print(f"merged story {story_b} into story {story_a}: {merged.article_count} article(s)")


def _find_digest(storage: Any, story: str) -> Any:
    numeric = story.isascii() and story.isdigit() and int(story) <= MAX_ID  # "²", "١٢" and huge ids are no story id
    digest = storage.digest_for_story(int(story)) if numeric else storage.digest_by_slug(story)
    if digest is None:
        raise NotFound(f"digest: story {story} has no digest")
    return digest


def _print_digest(d: Any) -> None:
    out.print(f"[bold]{escape(d.headline)}[/bold]")
    out.print(f"Published {d.published:%Y-%m-%d %H:%M} UTC" + (f" · Updated {d.updated:%Y-%m-%d %H:%M}" if d.updated and d.updated > d.published else "") if d.published else "")
    for p in d.paragraphs:
        out.print()
        out.print(escape(p.text))
    out.print("\n[bold]Relevant articles[/bold]")
    for r in d.relevant_articles:
        when = f", {r.published:%Y-%m-%d}" if r.published else ""
        out.print(escape(f"- {r.title}, {r.outlet}{when}  {r.url}"))


def _show(d: Any, as_json: bool) -> None:
    """A digest on stdout: as JSON, or as a reader sees it."""
    if as_json:
        from ..serialize import digest_dict

        print(json.dumps(digest_dict(d), indent=2, ensure_ascii=False))
    else:
        _print_digest(d)


def digest(
    ctx: typer.Context,
    story: str = typer.Argument(..., help="Story id (or digest slug)."),
    as_json: bool = typer.Option(False, "--json", help="The digest as JSON."),
) -> None:
    """Show a story's digest; exits non-zero when the story has no digest."""
    _show(_find_digest(_state(ctx).storage, story), as_json)


def summarize(
    file: Path = typer.Argument(..., help="Articles as JSONL.", exists=True, dir_okay=False),
    words: int = typer.Option(400, "--words", min=10, help="At most this many words."),
    fill: bool = typer.Option(
        False, "--fill", help="Fill the word budget: the next sentence told up to it, ending in '…' (DUC style)."
    ),
    as_json: bool = typer.Option(False, "--json", help="The digest as JSON."),
) -> None:
    """Write a digest of exactly the given articles (nothing is stored)."""
    from ..analyse import analyse_many
    from ..jsonl import read_articles
    from ..records import Article
    from ..write import summarize as summarize_articles

    good: list[Article] = []
    with file.open(encoding="utf-8-sig", errors="surrogateescape") as fh:  # as import reads it
        for item in read_articles(fh):
            if isinstance(item, Article):
                good.append(item)
            else:
                err.print(f"[yellow]{escape(str(item))}[/yellow] (skipped)", highlight=False)
    if not good:
        raise NewsdigestError(f"summarize: no usable articles in {file}")
    analyses = {a.article_id: a for a in analyse_many(good)}
    digest = summarize_articles(good, analyses, words=words, fill=fill)
    if not digest.paragraphs:
        raise NewsdigestError(f"summarize: no sentence of the {len(good)} article(s) in {file} can be told "
                              "(too short, or only datelines, captions and page furniture)")
    _show(digest, as_json)


def _plain_text(file: Path) -> str:
    """The file's text as offsets count it: UTF-8 with line ends as they are (a UTF-8 BOM kept,
    as a UTF-8 reader keeps it), or UTF-16 when a BOM says so; anything else is refused, not
    guessed at, since offsets into a misread text point at the wrong words."""
    data = file.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NewsdigestError(
            f"quotes: {file} is not UTF-8 text (byte 0x{data[exc.start]:02X} at offset {exc.start});"
            " convert it first, e.g. iconv -f windows-1252 -t utf-8"
        ) from None


def quotes(
    file: Path = typer.Argument(..., help="A plain UTF-8 text.", exists=True, dir_okay=False),
    as_json: bool = typer.Option(False, "--json", help="JSON array of {text, start, end, speaker, role, verb}."),
) -> None:
    """List the direct quotes in a text, with speaker, role and verb (offsets into the file's text)."""
    from ..quotes import extract_quotes
    from ..serialize import quote_dict

    from ..analyse import chunk_offsets
    from ..progress import RichReporter

    text = _plain_text(file)
    pieces = len(chunk_offsets(text))
    if pieces > 1:  # a long text is parsed a piece at a time: show how far it has got
        with RichReporter() as reporter, reporter.task("quotes", pieces) as task:
            found = extract_quotes(text, progress=task)
    else:
        found = extract_quotes(text)
    if as_json:
        print(json.dumps([quote_dict(q, with_article=False) for q in found], indent=2, ensure_ascii=False))
        return
    for q in found:
        who = ", ".join(x for x in (q.speaker or "unknown speaker", q.role) if x)
        out.print(escape(f"[{q.start}:{q.end}] “{q.text}” — {who} ({q.verb or 'no verb'})"))
