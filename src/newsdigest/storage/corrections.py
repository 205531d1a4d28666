"""Error reports from readers and the corrections editors publish from them.

A report is ``pending`` until an editor accepts it (with a public note, and perhaps a
changed digest saved as a new version) or rejects it. Accepted reports are the site's
corrections: listed under their digest, on ``/corrections/`` and in its feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from ..errors import NotFound
from ..records import Digest
from .base import now_utc, utc
from .digests import _digest
from .schema import digests
from .schema_corrections import error_reports

REPORT_KINDS: dict[str, str] = {
    "wrong_fact": "Wrong fact",
    "misattributed_quote": "Misattributed quote",
    "wrong_grouping": "Wrong grouping",
    "outdated": "Outdated",
}
REPORT_STATUSES = ("pending", "accepted", "rejected")


@dataclass(frozen=True, slots=True)
class ErrorReport:
    id: int
    digest_id: int
    kind: str
    details: str
    email: str | None  # for editors only: never put on a public page
    status: str
    created: datetime
    resolved: datetime | None = None
    resolved_by: str | None = None
    note: str | None = None
    version: int | None = None
    # The digest it is about, for lists (empty when read without the join).
    headline: str = ""
    slug: str = ""
    published: datetime | None = None

    @property
    def kind_label(self) -> str:
        return REPORT_KINDS.get(self.kind, self.kind)


def _report(row: Any) -> ErrorReport:
    m = row._mapping
    return ErrorReport(
        id=row.id,
        digest_id=row.digest_id,
        kind=row.kind,
        details=row.details,
        email=row.email,
        status=row.status,
        created=utc(row.created),  # type: ignore[arg-type]
        resolved=utc(row.resolved),
        resolved_by=row.resolved_by,
        note=row.note,
        version=row.version,
        headline=m.get("headline") or "",
        slug=m.get("slug") or "",
        published=utc(m.get("published")),
    )


def _joined() -> sa.Select[Any]:
    return sa.select(
        error_reports, digests.c.headline, digests.c.slug, digests.c.published
    ).join(digests, digests.c.id == error_reports.c.digest_id)


class CorrectionStore:
    engine: sa.Engine
    _error_reports_ready: bool = False

    def _reports_table(self) -> None:
        # A database created before this table existed gets it on first use (a fresh one
        # has it from create_all); checkfirst makes this a no-op afterwards.
        if not self._error_reports_ready:
            with self.engine.begin() as conn:
                error_reports.create(conn, checkfirst=True)
            self._error_reports_ready = True

    def add_error_report(
        self,
        digest_id: int,
        kind: str,
        details: str,
        *,
        ip_hash: str,
        email: str | None = None,
        now: datetime | None = None,
    ) -> ErrorReport:
        if kind not in REPORT_KINDS:
            raise ValueError(f"corrections: unknown report kind {kind!r}")
        self._reports_table()
        with self.engine.begin() as conn:
            new_id = conn.execute(
                error_reports.insert().values(
                    digest_id=digest_id, kind=kind, details=details, email=email or None,
                    ip_hash=ip_hash, status="pending", created=now or now_utc(),
                )
            ).inserted_primary_key[0]
        report = self.error_report(new_id)
        assert report is not None
        return report

    def error_report(self, report_id: int) -> ErrorReport | None:
        self._reports_table()
        with self.engine.connect() as conn:
            row = conn.execute(_joined().where(error_reports.c.id == report_id)).first()
        return _report(row) if row else None

    def list_error_reports(self, status: str = "pending", limit: int = 50, offset: int = 0) -> list[ErrorReport]:
        """Pending oldest first (a queue); resolved newest first (a log)."""
        self._reports_table()
        order = (
            [error_reports.c.created, error_reports.c.id]
            if status == "pending"
            else [error_reports.c.resolved.desc(), error_reports.c.id.desc()]
        )
        with self.engine.connect() as conn:
            rows = conn.execute(
                _joined().where(error_reports.c.status == status).order_by(*order).limit(limit).offset(offset)
            ).all()
        return [_report(r) for r in rows]

    def count_error_reports(self, status: str = "pending") -> int:
        self._reports_table()
        with self.engine.connect() as conn:
            return int(conn.execute(
                sa.select(sa.func.count()).select_from(error_reports).where(error_reports.c.status == status)
            ).scalar_one())

    def resolve_error_report(
        self,
        report_id: int,
        status: str,
        *,
        editor: str,
        note: str | None = None,
        version: int | None = None,
        now: datetime | None = None,
    ) -> ErrorReport:
        """Accept (``note`` required: it is what readers see) or reject a report."""
        if status not in ("accepted", "rejected"):
            raise ValueError(f"corrections: a report is resolved as accepted or rejected, not {status!r}")
        if status == "accepted" and not (note or "").strip():
            raise ValueError("corrections: an accepted report needs a public correction note")
        self._reports_table()
        with self.engine.begin() as conn:
            done = conn.execute(
                error_reports.update().where(error_reports.c.id == report_id).values(
                    status=status, resolved=now or now_utc(), resolved_by=editor[:64],
                    note=note if status == "accepted" else None,
                    version=version if status == "accepted" else None,
                )
            ).rowcount
        if not done:
            raise NotFound(f"corrections: no error report {report_id}")
        report = self.error_report(report_id)
        assert report is not None
        return report

    def corrections_for_digest(self, digest_id: int) -> list[ErrorReport]:
        """The digest's published corrections, oldest first (the order they happened)."""
        self._reports_table()
        with self.engine.connect() as conn:
            rows = conn.execute(
                _joined().where(error_reports.c.digest_id == digest_id, error_reports.c.status == "accepted")
                .order_by(error_reports.c.resolved, error_reports.c.id)
            ).all()
        return [_report(r) for r in rows]

    def recent_corrections(self, limit: int = 50) -> list[ErrorReport]:
        """Corrections to published digests, newest first."""
        self._reports_table()
        with self.engine.connect() as conn:
            rows = conn.execute(
                _joined().where(error_reports.c.status == "accepted", digests.c.status == "published")
                .order_by(error_reports.c.resolved.desc(), error_reports.c.id.desc()).limit(limit)
            ).all()
        return [_report(r) for r in rows]

    def report_digest(self, report: ErrorReport) -> Digest | None:
        """The digest a report is about, whatever its status (an editor may fix an unpublished one)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(digests).where(digests.c.id == report.digest_id)).first()
        return _digest(row) if row else None
