"""Operating the site: `config show`, `users …`, `newsletter …`."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table

from ..errors import NewsdigestError
from ._common import _state, err, out

config_app = typer.Typer(help="Show the settings.", no_args_is_help=True)
users_app = typer.Typer(help="Editors and admins of /admin/ and the API.", no_args_is_help=True)
newsletter_app = typer.Typer(help="The daily newsletter to confirmed subscribers.", no_args_is_help=True)


@config_app.command("show")
def config_show(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="JSON object on stdout."),
    markdown: bool = typer.Option(False, "--markdown", help="The settings table (defaults, not values) as Markdown."),
) -> None:
    """Print every setting's resolved value (secrets redacted) and where it came from."""
    from ..settings import SETTINGS, markdown_table

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
    from ..auth import add_user

    user = add_user(_state(ctx).storage, name, _password(True), role=role)
    err.print(f"added {user.role} {user.name}")


@users_app.command("password")
def users_password(ctx: typer.Context, name: str = typer.Argument(..., help="Login name.")) -> None:
    """Change a password (ends that user's sessions)."""
    from ..auth import set_password

    set_password(_state(ctx).storage, name, _password(True))
    err.print(f"password changed for {name}")


@users_app.command("token")
def users_token(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Login name."),
    label: str = typer.Option("", "--label", help="What the token is for."),
) -> None:
    """Create an API token for the JSON API's write actions; printed once on stdout."""
    from ..auth import new_api_token

    print(new_api_token(_state(ctx).storage, name, label))


@newsletter_app.command("send")
def newsletter_send(ctx: typer.Context) -> None:
    """Send today's newsletter now (at most once a day; a rerun sends nothing twice)."""
    from ..newsletter import send_daily

    n = send_daily(_state(ctx).storage, _state(ctx).config)
    err.print(f"newsletter sent to {n} subscriber(s)")


@newsletter_app.command("follows")
def newsletter_follows(ctx: typer.Context) -> None:
    """Mail story followers what is new now (run does it after every pass; nothing is sent twice)."""
    from ..follow import send_updates

    n = send_updates(_state(ctx).storage, _state(ctx).config)
    err.print(f"{n} follow mail(s) sent")
