"""Bad input from the outside, as helper-124 threw it at the command line: each gets a one-line
message, never a traceback, and nothing the user owns is lost or changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsdigest.build import build_site
from newsdigest.errors import ConfigError, NewsdigestError, StorageError
from newsdigest.jsonl import read_articles
from newsdigest.settings import load_config
from newsdigest.storage import open_storage
from test_cli import nd

TEXT = "The council met on Monday and voted to close the bridge for repairs over the winter months. " * 3


def _line(art_id: str, **extra: object) -> str:
    return json.dumps({"id": art_id, "text": TEXT, "title": f"Title {art_id}", **extra})


def test_build_never_wipes_a_folder_it_did_not_write(tmp_path: Path) -> None:
    config = load_config(env={}).replace(site_url="https://news.example", database_url=str(tmp_path / "b.db"))
    with open_storage(str(tmp_path / "b.db")) as storage:
        mine = tmp_path / "project"
        mine.mkdir()
        (mine / "important.txt").write_text("precious")
        with pytest.raises(NewsdigestError, match="not empty and is not an earlier build"):
            build_site(config, storage, mine)
        assert (mine / "important.txt").read_text() == "precious"
        (tmp_path / "afile").write_text("x")
        with pytest.raises(NewsdigestError, match="not a folder"):
            build_site(config, storage, tmp_path / "afile")
        site = tmp_path / "site"
        assert build_site(config, storage, site) > 1
        (site / "stale.html").write_text("old")
        build_site(config, storage, site)  # an earlier build is replaced whole
        assert not (site / "stale.html").exists() and (site / "index.html").exists()


def test_bad_jsonl_lines_are_reported_and_the_good_ones_kept() -> None:
    lines = [
        _line("a2", published="0001-01-01T00:00:00+01:00"),
        _line("a3", text="bad \ud800 surrogate " + TEXT),
        "[" * 100_000 + "]" * 100_000,
        '{"id": "a5", "text": "caf\udce9 ' + TEXT + '"}',  # a cp1252 byte read with surrogateescape
        _line("a6"),
    ]
    got = list(read_articles(lines))
    assert [type(x).__name__ for x in got] == ["ImportLineError"] * 4 + ["Article"]
    messages = [str(x) for x in got[:4]]
    assert "out of range" in messages[0] and "lone surrogate" in messages[1]
    assert "nested too deeply" in messages[2] and "not UTF-8 (byte 0xE9" in messages[3]


def test_import_keeps_good_lines_around_bad_ones_and_reads_a_bom(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + "\n".join([
        _line("a1"), _line("a2", published="9999-12-31T23:59:59-05:00"), _line("a3", title="[/] [bold]x[/bold]"),
    ]).encode() + b"\n" + b'{"id": "a4", "text": "caf\xe9 \x93quoted\x94"}\n')
    r = nd("import", str(src), db=tmp_path / "i.db")
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr  # 1: some lines were bad (README)
    assert "line 2" in r.stderr and "line 4: not UTF-8" in r.stderr
    rows = sqlite3.connect(tmp_path / "i.db").execute("select id, title from articles order by id").fetchall()
    assert rows == [("a1", "Title a1"), ("a3", "[/] [bold]x[/bold]")]
    # Markup-like text in what the CLI prints is text, not markup.
    stories = nd("stories", db=tmp_path / "i.db")
    assert stories.returncode == 0 and "Traceback" not in stories.stderr, stories.stderr


def test_quotes_print_brackets_and_refuse_what_is_not_utf8(tmp_path: Path) -> None:
    text = tmp_path / "q.txt"
    text.write_text('"We will [/] not stop [bold]now[/bold]," said Mayor Tomas Reyes on Monday.\n', encoding="utf-8")
    r = nd("quotes", str(text), db=tmp_path / "q.db")
    assert r.returncode == 0 and "[/] not stop [bold]now[/bold]" in r.stdout, r.stderr
    cp1252 = tmp_path / "cp.txt"
    cp1252.write_bytes(b"\x93We will not stop,\x94 said Mayor Tomas Reyes.\n")
    r = nd("quotes", str(cp1252), "--json", db=tmp_path / "q.db")
    assert r.returncode != 0 and "not UTF-8 text (byte 0x93 at offset 0)" in r.stderr and "Traceback" not in r.stderr
    utf16 = tmp_path / "u16.txt"
    utf16.write_text("“We will not stop,” said Mayor Tomas Reyes.", encoding="utf-16")
    found = json.loads(nd("quotes", str(utf16), "--json", db=tmp_path / "q.db").stdout)
    assert [q["text"] for q in found] == ["We will not stop,"]


def test_odd_story_ids_and_unwritable_exports_are_messages(tmp_path: Path) -> None:
    db = tmp_path / "o.db"
    for story in ("²", "99999999999999999999999"):
        r = nd("digest", story, db=db)
        assert r.returncode != 0 and "has no digest" in r.stderr and "Traceback" not in r.stderr, r.stderr
    r = nd("export", "-o", str(tmp_path), db=db)
    assert r.returncode != 0 and "export: cannot write" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(("toml", "message"), [
    ("newsdigest = 5\n", "must be a table"),
    ("digest_words = 3.9\n", "digest_words"),
    ("archive_gate_days = true\n", "archive_gate_days"),
    ('site_title = ["a", "b"]\n', "must be a string"),
    ('site_title = "x"\n[newsdigest]\ndigest_words = 300\n', "both under [newsdigest] and outside it"),
])
def test_config_values_of_the_wrong_type_are_refused(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "newsdigest.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(env={}, path=path)


def test_another_programs_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with sqlite3.connect(path) as c:
        c.execute("create table notes (id integer primary key, body text)")
        c.execute("insert into notes (body) values ('keep me')")
    with pytest.raises(StorageError, match=r"not newsdigest's \(notes\)"):
        open_storage(str(path))
    tables = [r[0] for r in sqlite3.connect(path).execute("select name from sqlite_master where type = 'table'")]
    assert tables == ["notes"]
    r = nd("stories", db=path)
    assert r.returncode != 0 and "a database of its own" in r.stderr and "Traceback" not in r.stderr


def test_summarize_tells_a_sentence_once_and_refuses_nothing_to_tell(tmp_path: Path) -> None:
    body = ("The senator said the bill would pass on Tuesday after a long debate in the chamber. "
            "“We have the votes and we will win,” Senator John Smith said on Tuesday. "
            "The vote is expected late in the evening after hours of debate.")
    copies = tmp_path / "copies.jsonl"
    copies.write_text("\n".join(json.dumps({"id": i, "title": "Senate vote", "source": s, "text": f"{place} — {body}"})
                                for i, s, place in (("b1", "A", "WASHINGTON"), ("b2", "B", "NEW YORK"))) + "\n")
    r = nd("summarize", str(copies), "--words", "100", "--json", db=tmp_path / "s.db")
    assert r.returncode == 0, r.stderr
    sentences = [p["text"] for p in json.loads(r.stdout)["paragraphs"]]
    assert sentences and not any("Senator Smith said" in t for t in sentences)  # the copy's quote, retold
    assert len({t.split("”")[0] for t in sentences}) == len(sentences)
    junk = tmp_path / "junk.jsonl"
    junk.write_text(json.dumps({"id": "w", "text": " ".join(f"word{i}" for i in range(60))}) + "\n")
    r = nd("summarize", str(junk), "--words", "100", db=tmp_path / "s.db")
    assert r.returncode != 0 and "no sentence of the 1 article(s)" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(("name", "value", "message"), [
    ("FETCH_TIMEOUT", "-5", "not a duration"), ("FETCH_TIMEOUT", "0", "more than 0"), ("FETCH_TIMEOUT", "nan", "not a duration"),
    ("FETCH_CONCURRENCY", "0", "1 or more"), ("NEWSLETTER_HOUR", "99", "from 0 to 23"), ("DIGEST_WORDS", "-10", "10 or more"),
    ("SMTP_PORT", "70000", "from 1 to 65535"), ("DATABASE_URL", "", "must not be empty"), ("LOG_LEVEL", "basic_format", "one of DEBUG"), ("LOG_FORMAT", "xml", "one of text, json"),
])
def test_settings_out_of_range_are_refused_at_load(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(env={f"NEWSDIGEST_{name}": value})
    assert load_config(env={"NEWSDIGEST_LOG_LEVEL": "info"}).log_level == "INFO"


def test_a_log_level_that_is_no_level_is_a_message(tmp_path: Path) -> None:
    r = nd("stories", db=tmp_path / "l.db", env={"NEWSDIGEST_LOG_LEVEL": "basic_format"})
    assert r.returncode != 0 and "log_level" in r.stderr and "Traceback" not in r.stderr
    r = nd("stories", "merge", "48", "99999999999999999999999", db=tmp_path / "l.db")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "less than or equal to" in r.stderr


def test_a_first_open_cut_short_is_finished_not_refused(tmp_path: Path) -> None:
    """SQLite commits each CREATE TABLE: a first open killed before its stamp leaves our tables
    and no revision; the next open finishes it rather than calling them another program's."""
    path = tmp_path / "half.db"
    open_storage(str(path)).close()
    with sqlite3.connect(path) as c:
        c.execute("delete from alembic_version")
        c.execute("drop table digests")
    with open_storage(str(path)) as storage:
        assert storage.count_digests() == 0


def test_a_build_folder_from_before_the_marker_is_replaced(tmp_path: Path) -> None:
    config = load_config(env={}).replace(site_url="https://news.example", database_url=str(tmp_path / "b.db"))
    with open_storage(str(tmp_path / "b.db")) as storage:
        site = tmp_path / "public"
        build_site(config, storage, site)
        (site / ".newsdigest-build").unlink()  # as a build before the marker left it
        (site / "stale.html").write_text("old")
        build_site(config, storage, site)
        assert not (site / "stale.html").exists() and (site / ".newsdigest-build").exists()
        (site / ".git").mkdir()  # a gh-pages checkout: not ours to wipe
        (site / ".newsdigest-build").unlink()
        with pytest.raises(NewsdigestError, match="not an earlier build"):
            build_site(config, storage, site)
        assert (site / ".git").is_dir()


def test_a_long_texts_quotes_report_progress_per_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long text is parsed a piece at a time (``analyse.chunk_offsets``); the CLI's bar moves per piece."""
    from newsdigest import analyse
    from newsdigest.quotes import extract_quotes

    monkeypatch.setattr(analyse, "MAX_CHUNK_CHARS", 800)
    text = "\n\n".join(f"“We will not stop number {i},” said Mayor Tomas Reyes on Monday. {TEXT}" for i in range(8))
    pieces = analyse.chunk_offsets(text)

    class Counter:
        n = 0

        def advance(self, n: int = 1) -> None:
            self.n += n

    seen = Counter()
    found = extract_quotes(text, progress=seen)
    assert len(pieces) > 2 and seen.n == len(pieces)
    assert len(found) == 8 and all(text[q.start : q.end] == q.text for q in found)


def _open_after(path: str, barrier: object, results: object) -> None:
    barrier.wait()  # type: ignore[attr-defined]
    try:
        open_storage(path).close()
        results.put("ok")  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - the test reports what each process met
        results.put(f"{type(exc).__name__}: {exc}")  # type: ignore[attr-defined]


def test_processes_opening_a_new_sqlite_file_at_once_all_get_it(tmp_path: Path) -> None:
    """`run --every` and `serve` started together on a new file had both made the tables:
    "table sources already exists". The schema is now made under a lock on the file."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    for attempt in range(3):
        path = str(tmp_path / f"race{attempt}.db")
        barrier, results = ctx.Barrier(3), ctx.Queue()
        procs = [ctx.Process(target=_open_after, args=(path, barrier, results)) for _ in range(3)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [results.get(timeout=5) for _ in procs] == ["ok"] * 3
        with open_storage(path) as storage:
            assert storage.count_digests() == 0
