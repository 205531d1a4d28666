"""Tables for editors: users, login attempts, edits, API tokens."""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401

from .schema import TS, metadata  # noqa: F401
