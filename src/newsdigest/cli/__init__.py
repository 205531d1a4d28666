"""The command line: a thin shell over the library. Data on stdout, messages on stderr.

This module holds the root app, its global options and `main()`, and registers every
command in one place, in the order `newsdigest --help` lists them:

    sources.py   init, sources …
    run.py       run/fetch, worker, scheduler, import, export (the pass)
    stories.py   stories …, digest, summarize, quotes
    site.py      serve, build, demo
    admin.py     config …, users …, newsletter …
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from .. import __version__
from ..errors import NewsdigestError
from ..logs import setup_logging
from ..settings import load_config
from . import run, site, sources, stories
from ._common import State, err
from .admin import config_app, newsletter_app, users_app
from .sources import sources_app
from .stories import stories_app

app = typer.Typer(help="newsdigest: trending-news digests from many outlets' feeds.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)


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


def version() -> None:
    """Print the version."""
    print(__version__)


# Help lists the commands in this order, then the groups in theirs.
app.command()(sources.init)
app.command()(run.run)
app.command("fetch", help="Same as run: one pass, fetch through publish.")(run.run)
app.command()(run.worker)
app.command()(run.scheduler)
app.command("import")(run.import_)
app.command()(run.export)
app.command()(stories.digest)
app.command()(stories.summarize)
app.command()(stories.quotes)
app.command()(site.serve)
app.command()(site.build)
app.command()(site.demo)
app.command()(version)
app.add_typer(users_app, name="users")
app.add_typer(newsletter_app, name="newsletter")
app.add_typer(sources_app, name="sources")
app.add_typer(config_app, name="config")
app.add_typer(stories_app, name="stories")

_print_pass = run._print_pass  # demo.run prints its pass the way `run` does


def main() -> None:
    try:
        app()
    except NewsdigestError as exc:  # escaped: a path or URL in the message may hold [brackets]
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        err.print("interrupted")
        raise SystemExit(130) from None
