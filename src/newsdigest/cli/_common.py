"""What every command module shares: the two consoles and the per-invocation state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import typer
from rich.console import Console

from ..settings import Config

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@dataclass
class State:
    config: Config
    _storage: Any = None

    @property
    def storage(self):  # type: ignore[no-untyped-def]
        if self._storage is None:
            from ..storage import open_storage

            self._storage = open_storage(self.config.database_url)
        return self._storage


def _state(ctx: typer.Context) -> State:
    return ctx.ensure_object(State)

