"""``newsdigest demo``: the whole loop on the embedded default, offline.

Starts the bundled sample outlets on a local HTTP server, adds them as sources, runs one
real pass through the fetch gate (which is told to admit only that server's address),
and serves the site on localhost.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..settings import Config
from .server import serve_sample

DEMO_DB = "newsdigest-demo.db"


def _fresh_db(config: Config) -> Config:
    """The demo starts from an empty database each time unless a database was chosen."""
    if config.origins.get("database_url") != "default":
        return config
    for suffix in ("", "-wal", "-shm"):
        Path(DEMO_DB + suffix).unlink(missing_ok=True)
    return config.replace(database_url=DEMO_DB)


def run_demo(config: Config, *, port: int = 8000, serve: bool = True, console: Any = None) -> None:
    from ..pipeline import run_pass
    from ..progress import RichReporter
    from ..records import Source
    from ..storage import open_storage

    say = console.print if console is not None else print
    config = _fresh_db(config)
    with serve_sample("127.0.0.1", 0) as sample:
        allow = tuple(dict.fromkeys((*config.fetch_allow_networks, "127.0.0.1/32")))
        config = config.replace(
            fetch_allow_networks=",".join(allow), fetch_host_delay=0, site_url=f"http://127.0.0.1:{port}",
            site_title=config.site_title if config.origins.get("site_title") != "default" else "newsdigest demo",
        )
        say(f"sample outlets (fictional) served at {sample.base_url}")
        storage = open_storage(config.database_url)
        known = {s.name for s in storage.list_sources()}
        for name, url in sample.feed_urls:
            if name not in known:
                storage.add_source(Source(name=name, url=url))
        with RichReporter() as reporter:
            report = run_pass(storage, config, reporter)
        from ..cli import _print_pass

        _print_pass(report)
        say(f"database: {config.database_url}")
        if not serve:
            storage.close()
            return
        import uvicorn

        from ..web.app import create_app

        say(f"[bold green]site ready: http://127.0.0.1:{port}/[/bold green]  (Ctrl-C to stop)")
        uvicorn.run(create_app(config, storage), host="127.0.0.1", port=port, log_level="warning")
        storage.close()
