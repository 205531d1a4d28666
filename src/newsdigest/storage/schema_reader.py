"""Tables for readers: comments, subscribers, reader sessions."""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401

from .schema import TS, metadata  # noqa: F401
