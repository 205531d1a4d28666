"""Comments and subscribers."""

from __future__ import annotations

import sqlalchemy as sa


class ReaderStore:
    engine: sa.Engine
