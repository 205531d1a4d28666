"""Editors' accounts: users, login failures, sessions and API tokens.

Policy (how long a session lives, how many failures lock a name, hashing) is in
``newsdigest.auth``; this file only stores and finds rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from ..errors import NotFound
from .base import now_utc, utc
from .schema_admin import admin_sessions, api_tokens, login_failures, users

ROLES = ("editor", "admin")


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str  # editor, admin
    password_hash: str = ""
    created: datetime | None = None
    last_login: datetime | None = None
    disabled: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    user_id: int
    label: str
    prefix: str
    created: datetime | None
    last_used: datetime | None
    revoked: datetime | None


def _user(row: Any) -> User:
    return User(
        id=row.id,
        name=row.name,
        role=row.role,
        password_hash=row.password_hash,
        created=utc(row.created),
        last_login=utc(row.last_login),
        disabled=bool(row.disabled),
    )


class UserStore:
    engine: sa.Engine

    # ------------------------------------------------------------------ users

    def create_user(self, name: str, password_hash: str, role: str, *, now: datetime | None = None) -> User:
        if role not in ROLES:
            raise ValueError(f"admin: unknown role {role!r}")
        with self.engine.begin() as conn:
            new_id = conn.execute(
                users.insert()
                .values(name=name, password_hash=password_hash, role=role, created=now or now_utc())
                .returning(users.c.id)
            ).scalar_one()
            row = conn.execute(sa.select(users).where(users.c.id == new_id)).one()
        return _user(row)

    def user_by_name(self, name: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.name == name)).first()
        return _user(row) if row else None

    def user_by_id(self, user_id: int) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
        return _user(row) if row else None

    def list_users(self) -> list[User]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(users).order_by(users.c.name)).all()
        return [_user(r) for r in rows]

    def update_user(self, user_id: int, **values: Any) -> None:
        """Set any of ``password_hash``, ``role``, ``disabled``, ``last_login``."""
        allowed = {"password_hash", "role", "disabled", "last_login"}
        if not values or set(values) - allowed:
            raise ValueError(f"admin: cannot update user fields {sorted(set(values) - allowed)}")
        with self.engine.begin() as conn:
            if conn.execute(users.update().where(users.c.id == user_id).values(**values)).rowcount == 0:
                raise NotFound(f"admin: no user {user_id}")

    # ------------------------------------------------------------------ login failures

    def login_locked_until(self, name: str, now: datetime) -> datetime | None:
        with self.engine.connect() as conn:
            until = conn.execute(
                sa.select(login_failures.c.locked_until).where(login_failures.c.name == name)
            ).scalar()
        until = utc(until)
        return until if until is not None and until > now else None

    def record_login_failure(
        self, name: str, now: datetime, *, max_failures: int, window: timedelta
    ) -> datetime | None:
        """Count one failure for ``name``; returns the lock's end when this one locks it.

        Failures older than ``window`` are forgotten; reaching ``max_failures`` locks the
        name for ``window`` and starts the count again.
        """
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(login_failures).where(login_failures.c.name == name)).first()
            failures = 1
            if row is not None and utc(row.last_failure) > now - window:  # type: ignore[operator]
                failures = row.failures + 1
            locked_until = now + window if failures >= max_failures else None
            values = {
                "failures": 0 if locked_until else failures,
                "last_failure": now,
                "locked_until": locked_until,
            }
            if row is None:
                conn.execute(login_failures.insert().values(name=name, **values))
            else:
                conn.execute(login_failures.update().where(login_failures.c.name == name).values(**values))
            # Names that failed long ago and are not locked need no row (sprayed names would pile up).
            conn.execute(
                login_failures.delete().where(
                    login_failures.c.last_failure < now - timedelta(days=1),
                    sa.or_(login_failures.c.locked_until.is_(None), login_failures.c.locked_until < now),
                )
            )
        return locked_until

    def clear_login_failures(self, name: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(login_failures.delete().where(login_failures.c.name == name))

    # ------------------------------------------------------------------ sessions

    def create_session(
        self, id_hash: str, user_id: int, *, now: datetime, expires: datetime, ip: str
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                admin_sessions.insert().values(
                    id_hash=id_hash, user_id=user_id, created=now, last_seen=now, expires=expires, ip=ip[:64]
                )
            )
            conn.execute(admin_sessions.delete().where(admin_sessions.c.expires < now))

    def session_user(self, id_hash: str, *, now: datetime, idle: timedelta) -> User | None:
        """The user of a live session (not expired, not idle too long, user enabled); touches it."""
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(users, admin_sessions.c.last_seen.label("session_seen"))
                .join(admin_sessions, admin_sessions.c.user_id == users.c.id)
                .where(admin_sessions.c.id_hash == id_hash, admin_sessions.c.expires > now)
            ).first()
            if row is None or row.disabled:
                return None
            if utc(row.session_seen) < now - idle:  # type: ignore[operator]
                conn.execute(admin_sessions.delete().where(admin_sessions.c.id_hash == id_hash))
                return None
            if utc(row.session_seen) < now - timedelta(minutes=1):  # type: ignore[operator]
                conn.execute(
                    admin_sessions.update().where(admin_sessions.c.id_hash == id_hash).values(last_seen=now)
                )
        return _user(row)

    def delete_session(self, id_hash: str) -> bool:
        with self.engine.begin() as conn:
            return bool(
                conn.execute(admin_sessions.delete().where(admin_sessions.c.id_hash == id_hash)).rowcount
            )

    def delete_user_sessions(self, user_id: int) -> int:
        with self.engine.begin() as conn:
            return (
                conn.execute(admin_sessions.delete().where(admin_sessions.c.user_id == user_id)).rowcount or 0
            )

    # ------------------------------------------------------------------ API tokens

    def create_api_token(
        self, user_id: int, token_hash: str, prefix: str, label: str, *, now: datetime
    ) -> ApiToken:
        with self.engine.begin() as conn:
            new_id = conn.execute(
                api_tokens.insert()
                .values(user_id=user_id, token_hash=token_hash, prefix=prefix, label=label[:100], created=now)
                .returning(api_tokens.c.id)
            ).scalar_one()
            row = conn.execute(sa.select(api_tokens).where(api_tokens.c.id == new_id)).one()
        return ApiToken(row.id, row.user_id, row.label, row.prefix, utc(row.created), None, None)

    def api_token_user(self, token_hash: str, *, now: datetime) -> User | None:
        """The (enabled) owner of a live token; remembers when it was last used."""
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(users, api_tokens.c.id.label("token_id"), api_tokens.c.last_used)
                .join(api_tokens, api_tokens.c.user_id == users.c.id)
                .where(api_tokens.c.token_hash == token_hash, api_tokens.c.revoked.is_(None))
            ).first()
            if row is None or row.disabled:
                return None
            if row.last_used is None or utc(row.last_used) < now - timedelta(minutes=1):  # type: ignore[operator]
                conn.execute(api_tokens.update().where(api_tokens.c.id == row.token_id).values(last_used=now))
        return _user(row)

    def list_api_tokens(self, user_id: int) -> list[ApiToken]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(api_tokens).where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id.desc())
            ).all()
        return [
            ApiToken(r.id, r.user_id, r.label, r.prefix, utc(r.created), utc(r.last_used), utc(r.revoked))
            for r in rows
        ]

    def revoke_api_token(self, user_id: int, token_id: int, *, now: datetime | None = None) -> bool:
        with self.engine.begin() as conn:
            return bool(
                conn.execute(
                    api_tokens.update()
                    .where(
                        api_tokens.c.id == token_id,
                        api_tokens.c.user_id == user_id,
                        api_tokens.c.revoked.is_(None),
                    )
                    .values(revoked=now or now_utc())
                ).rowcount
            )
