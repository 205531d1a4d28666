"""Editors: users, sessions, edits, API tokens."""

from __future__ import annotations

import sqlalchemy as sa


class AdminStore:
    engine: sa.Engine
