"""The site: `serve`, `build` (static export), `demo`."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import _state, err


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the site in the foreground until SIGTERM / Ctrl-C."""
    import uvicorn

    from ..web.app import create_app

    state = _state(ctx)
    err.print(f"serving {state.config.site_title} on http://{host}:{port}/")
    uvicorn.run(create_app(state.config, state.storage), host=host, port=port, log_level="warning", proxy_headers=False)


def build(
    ctx: typer.Context,
    output: Path = typer.Option(Path("site"), "-o", "--output", help="Folder to write the static site into (replaced)."),
) -> None:
    """Export the whole site as static files (pages, feeds, sitemaps, assets)."""
    from ..build import build_site

    state = _state(ctx)
    n = build_site(state.config, state.storage, output)
    err.print(f"wrote {n} file(s) to {output}/")


def demo(
    ctx: typer.Context,
    port: int = typer.Option(8000, "--port", help="Port for the site."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Ingest the sample outlets, then exit."),
) -> None:
    """Serve the bundled sample outlets locally, ingest them through the real fetcher, serve the site."""
    from ..demo.run import run_demo

    run_demo(_state(ctx).config, port=port, serve=not no_serve, console=err)
