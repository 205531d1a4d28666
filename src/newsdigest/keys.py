"""The site's secret key: from the setting, or generated on first use and kept in a file
only its owner can read. It signs CSRF tokens, cookies and mail links; never logged."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from .errors import ConfigError
from .settings import Config
from .storage.base import database_url

KEY_FILE = "newsdigest.secret"


def key_path(config: Config) -> Path:
    """Beside the SQLite file; in the working folder for a database server."""
    url = database_url(str(config.database_url))
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        return Path(url.split("///", 1)[1]).with_suffix(".secret")
    return Path(KEY_FILE).resolve()


def secret_key(config: Config) -> str:
    if config.secret_key:
        return str(config.secret_key)
    path = key_path(config)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            os.chmod(path, 0o600)  # tighten a key file someone loosened
        key = path.read_text(encoding="ascii").strip()
        if len(key) < 32:
            raise ConfigError(f"config: secret key file {path} is too short; delete it to make a new one") from None
        return key
    except OSError as exc:
        raise ConfigError(f"config: cannot create secret key file {path}: {exc.strerror}") from None
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key
