"""The storage layer: the only code that speaks SQL.

``open_storage(url_or_path)`` returns a ``Storage`` on a SQLite file (default) or
PostgreSQL, created and migrated on first use. One method group per entity, one file each.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import StorageError
from .admin import AdminStore
from .articles import ArticleStore
from .corrections import CorrectionStore
from .base import database_url, make_engine
from .constraints import ConstraintStore
from .digests import DigestStore
from .diversity import DiversityStore
from .follows import FollowStore
from .migrate import migrate
from .reader import ReaderStore
from .runs import RunStore
from .search import SearchStore
from .sources import SourceStore
from .stories import StoryStore
from .users import UserStore


class Storage(SourceStore, ArticleStore, StoryStore, DigestStore, RunStore, ReaderStore, UserStore, AdminStore, ConstraintStore, CorrectionStore, DiversityStore, SearchStore, FollowStore):
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Storage":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_storage(url: str) -> Storage:
    engine = make_engine(url)
    try:
        migrate(engine)
    except StorageError:  # unreachable, read-only …: the engine's message says which and why
        engine.dispose()
        raise
    except sa.exc.OperationalError as exc:
        engine.dispose()
        shown = engine.url.render_as_string(hide_password=True)
        raise StorageError(f"storage: cannot open database {shown}: {exc.orig}") from None
    return Storage(engine)


__all__ = ["Storage", "open_storage", "database_url"]
