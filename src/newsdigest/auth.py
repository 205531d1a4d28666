"""Editors' accounts: argon2 passwords, login with lockout, server-side sessions, API tokens.

Login never tells whether a name has an account: an unknown name is checked against a
dummy argon2 hash (same cost as a real check), failures and lockouts are counted per
name typed whether or not it exists, and every refusal reads the same.

Sessions and API tokens are random strings given to the browser / the API client once;
only their SHA-256 is stored, so a copy of the database opens no session. The session
cookie carries the id signed with the site key (itsdangerous), so a forged or truncated
cookie is refused before the database is asked.

Wiring for the CLI (``newsdigest users add NAME --role editor``)::

    from newsdigest import auth
    auth.add_user(storage, "alice", password, role="editor")   # or role="admin"
    auth.set_password(storage, "alice", new_password)
    raw = auth.new_api_token(storage, "alice", label="newsroom bot")  # print once
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from .errors import ConfigError, NotFound
from .storage.users import ROLES, User
from .storage.base import now_utc

LOCK_FOR = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)  # absolute: log in again after this
SESSION_IDLE = timedelta(hours=2)  # untouched this long: logged out
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # argon2 takes any length; bound the work a request can ask for
TOKEN_PREFIX = "nd_"

_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$")
# argon2id at OWASP's recommended floor (19 MiB, 2 passes, 1 lane): about 0.2–0.5 s per
# check on a small 2-core server, where argon2-cffi's default (64 MiB, t=3, p=4) took 1.2 s.
HASH_COST: dict[str, int] = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)  # = HASH_COST


@dataclass(frozen=True, slots=True)
class LoginResult:
    """``user`` when the login succeeded; otherwise ``reason`` is ``bad_credentials`` or ``locked``."""

    user: User | None
    reason: str = ""
    locked_until: datetime | None = None


# ---------------------------------------------------------------------- passwords


def set_hash_cost(time_cost: int, memory_cost: int, parallelism: int) -> None:
    """Change the argon2 parameters (tests use a cheap setting; stored hashes made with
    other parameters still verify and are upgraded at their next login)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    dummy_hash.cache_clear()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Constant-work check; a malformed stored hash is a mismatch, never an exception."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A real argon2 hash of a random password nobody knows: checked when the name is unknown."""
    return _hasher.hash(secrets.token_urlsafe(32))


def normal_name(name: str) -> str:
    """Names are case-insensitive; the stored form is lower case and trimmed."""
    return name.strip().lower()


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name))


# ---------------------------------------------------------------------- users


def add_user(storage: Any, name: str, password: str, role: str = "editor") -> User:
    """Create an editor (or admin) account. Raises ``ConfigError`` with a message for the user."""
    key = normal_name(name)
    if not valid_name(key):
        raise ConfigError(f"users: bad user name {name!r}: 1–64 letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise ConfigError(f"users: unknown role {role!r} (one of {', '.join(ROLES)})")
    _check_password(password)
    if storage.user_by_name(key) is not None:
        raise ConfigError(f"users: a user named {key!r} exists already")
    return storage.create_user(key, hash_password(password), role)  # type: ignore[no-any-return]


def set_password(storage: Any, name: str, password: str) -> None:
    """Change a password and end the user's sessions (a stolen session dies with the old password)."""
    user = storage.user_by_name(normal_name(name))
    if user is None:
        raise NotFound(f"users: no user {name!r}")
    _check_password(password)
    storage.update_user(user.id, password_hash=hash_password(password))
    storage.delete_user_sessions(user.id)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"users: password too short (at least {MIN_PASSWORD} characters)")
    if len(password) > MAX_PASSWORD:
        raise ConfigError(f"users: password too long (at most {MAX_PASSWORD} characters)")


# ---------------------------------------------------------------------- login


def authenticate(
    storage: Any, name: str, password: str, *, max_failures: int, now: datetime | None = None
) -> LoginResult:
    """Check a login. Every path does one argon2 verification, so the time taken says
    nothing about whether the account exists or is locked."""
    now = now or now_utc()
    key = normal_name(name)[:64]
    password = password[:MAX_PASSWORD]
    user = storage.user_by_name(key) if valid_name(key) else None
    stored = user.password_hash if user is not None and not user.disabled else None
    ok = verify_password(stored or dummy_hash(), password) and stored is not None
    locked = storage.login_locked_until(key, now)
    if locked is not None:
        return LoginResult(None, "locked", locked)
    if not ok:
        until = storage.record_login_failure(key, now, max_failures=max(1, max_failures), window=LOCK_FOR)
        return LoginResult(None, "locked" if until else "bad_credentials", until)
    assert user is not None
    storage.clear_login_failures(key)
    values: dict[str, Any] = {"last_login": now}
    if _hasher.check_needs_rehash(user.password_hash):  # parameters were raised since it was set
        values["password_hash"] = hash_password(password)
    storage.update_user(user.id, **values)
    return LoginResult(user)


# ---------------------------------------------------------------------- sessions


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _session_signer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="admin-session")


def start_session(
    storage: Any, user: User, secret_key: str, *, ip: str = "", now: datetime | None = None
) -> str:
    """A new session for ``user``; returns the signed cookie value."""
    now = now or now_utc()
    raw = secrets.token_urlsafe(32)
    storage.create_session(_digest(raw), user.id, now=now, expires=now + SESSION_LIFETIME, ip=ip)
    return _session_signer(secret_key).dumps(raw)


def _raw_session(cookie: str | None, secret_key: str) -> str | None:
    if not cookie or len(cookie) > 512:
        return None
    try:
        raw = _session_signer(secret_key).loads(cookie, max_age=int(SESSION_LIFETIME.total_seconds()))
    except BadSignature:
        return None
    return raw if isinstance(raw, str) else None


def session_user(
    storage: Any, cookie: str | None, secret_key: str, *, now: datetime | None = None
) -> User | None:
    raw = _raw_session(cookie, secret_key)
    if raw is None:
        return None
    return storage.session_user(_digest(raw), now=now or now_utc(), idle=SESSION_IDLE)  # type: ignore[no-any-return]


def end_session(storage: Any, cookie: str | None, secret_key: str) -> bool:
    raw = _raw_session(cookie, secret_key)
    return bool(raw) and storage.delete_session(_digest(raw))  # type: ignore[arg-type]


# ---------------------------------------------------------------------- API tokens


def new_api_token(storage: Any, name: str, label: str = "", *, now: datetime | None = None) -> str:
    """Create an API token for user ``name``; the returned string is shown once, never stored."""
    user = storage.user_by_name(normal_name(name))
    if user is None:
        raise NotFound(f"users: no user {name!r}")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    storage.create_api_token(user.id, _digest(raw), raw[:10], label.strip(), now=now or now_utc())
    return raw


def token_user(storage: Any, raw: str | None, *, now: datetime | None = None) -> User | None:
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    return storage.api_token_user(_digest(raw), now=now or now_utc())  # type: ignore[no-any-return]
