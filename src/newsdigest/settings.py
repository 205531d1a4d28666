"""Every setting, declared once.

The table below drives the environment (``NEWSDIGEST_<NAME>``), the TOML file
(``newsdigest.toml`` or ``NEWSDIGEST_CONFIG``), validation, ``config show`` and the
README's configuration table (a test fails when they disagree).
Precedence: environment over file over default.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .errors import ConfigError


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in {"1", "true", "yes", "on"}:
        return True
    if s in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {v!r}")


def _int(v: Any) -> int:
    """An integer; TOML's true and 3.9 are not (int() would make them 1 and 3)."""
    if isinstance(v, bool) or (isinstance(v, float) and not v.is_integer()):
        raise ValueError(f"not an integer: {v!r}")
    return int(v)


def _count(low: int, high: int | None = None) -> Callable[[Any], int]:
    """An integer from ``low`` (to ``high``): "fetch_concurrency = 0" or "newsletter_hour = 99"
    fails at load, not as a stalled or silent pass."""

    def parse(v: Any) -> int:
        n = _int(v)
        if n < low or (high is not None and n > high):
            raise ValueError(f"must be {low} or more: {v!r}" if high is None else f"must be from {low} to {high}: {v!r}")
        return n

    return parse


def _choice(*names: str) -> Callable[[Any], str]:
    """One of ``names`` (case-insensitive; given back as listed)."""

    def parse(v: Any) -> str:
        found = next((n for n in names if isinstance(v, str) and v.strip().lower() == n.lower()), None)
        if found is None:
            raise ValueError(f"must be one of {', '.join(names)}: {v!r}")
        return found

    return parse


def _given(v: Any) -> str:
    """A string that is not empty: an empty database_url would open the current folder."""
    if not isinstance(v, str) or not v.strip():
        raise ValueError(f"must not be empty: {v!r}")
    return v


def _share(v: Any) -> float:
    """A float from 0 to 1 (a threshold or a weight): out of range fails at load, not mid-pass."""
    x = float(v)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"must be between 0 and 1: {v!r}")
    return x


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_duration(v: Any) -> float:
    """``90``, ``90s``, ``15m``, ``2h``, ``1d`` → seconds (never negative, NaN or infinite)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"not a duration (like 30s, 15m, 2h): {v!r}")
        return float(v)
    m = _DURATION.match(str(v))
    if not m:
        raise ValueError(f"not a duration (like 30s, 15m, 2h): {v!r}")
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def _positive_duration(v: Any) -> float:
    """A duration above zero: a timeout of 0 would fail every fetch."""
    x = parse_duration(v)
    if x <= 0:
        raise ValueError(f"must be more than 0: {v!r}")
    return x


def _networks(v: Any) -> tuple[str, ...]:
    items = v if isinstance(v, (list, tuple)) else str(v).split(",")
    out = []
    for item in items:
        item = str(item).strip()
        if item:
            out.append(str(ipaddress.ip_network(item, strict=False)))
    return tuple(out)


@dataclass(frozen=True)
class Setting:
    name: str
    type: Callable[[Any], Any]
    default: Any
    help: str
    secret: bool = False
    type_name: str = "str"


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", _given, "newsdigest.db", "SQLite file path or SQLAlchemy URL (postgresql+psycopg://…)", type_name="str"),
    Setting("site_title", str, "newsdigest", "Name of the site shown in the header, feeds and mails"),
    Setting("site_url", str, "http://127.0.0.1:8000", "Public base URL of the site, used in feeds and links"),
    Setting("site_description", str, "Trending stories, digested from many outlets", "One-line description for feeds and meta tags"),
    Setting("secret_key", str, "", "Key that signs tokens and cookies; generated and stored beside the database when empty", secret=True),
    Setting("fetch_timeout", _positive_duration, 15.0, "Total time allowed for one HTTP fetch (seconds or 15s/1m)", type_name="duration"),
    Setting("fetch_max_bytes", _count(1), 5_000_000, "Largest response body accepted, after decompression (bytes)", type_name="int"),
    Setting("fetch_max_redirects", _count(0), 5, "Most redirects followed for one fetch", type_name="int"),
    Setting("fetch_host_delay", parse_duration, 1.0, "Least time between two requests to the same host (seconds)", type_name="duration"),
    Setting("fetch_retries", _count(0), 2, "Retries with backoff after a timeout, 429 or 5xx", type_name="int"),
    Setting("fetch_user_agent", str, "newsdigest/0.1 (+https://github.com/newsdigest/newsdigest)", "User-Agent sent with every request; also the robots.txt agent"),
    Setting("fetch_respect_robots", _bool, True, "Obey robots.txt for article pages and feeds", type_name="bool"),
    Setting("fetch_allow_networks", _networks, (), "Comma-separated CIDRs that outbound fetches may reach although private or loopback (e.g. 127.0.0.0/8)", type_name="cidr list"),
    Setting("fetch_concurrency", _count(1), 8, "Pages fetched at once (different hosts run in parallel, one host is paced)", type_name="int"),
    Setting("fetch_max_entries", _count(1), 200, "Most entries read from one feed per pass", type_name="int"),
    Setting("min_article_words", _count(0), 40, "Articles shorter than this (after extraction and fallback) are dropped as too_short", type_name="int"),
    Setting("cluster_window", _positive_duration, 4 * 86400.0, "How far back a new article may join an existing story", type_name="duration"),
    Setting("cluster_threshold", _share, 0.22, "Least similarity for an article to join a story (0..1)", type_name="float"),
    Setting("cluster_embeddings", _bool, False, "Blend static embeddings of title and lede (model2vec, shipped with the package, offline) into the text similarity; off: a clear gain on Google News titles, none on real article text (bench/cluster_stories.py); when on, cluster_threshold 0.2 suits", type_name="bool"),
    Setting("cluster_embedding_weight", _share, 0.5, "Share of the text similarity given to the embedding cosine when cluster_embeddings is on (0..1)", type_name="float"),
    Setting("digest_min_outlets", _count(1), 2, "Independent outlets (with a report of their own, not only reprints) a story needs before it gets a digest", type_name="int"),
    Setting("digest_min_articles", _count(1), 3, "Articles a story needs before it gets a digest", type_name="int"),
    Setting("digest_words", _count(10), 400, "Target length of a digest body in words", type_name="int"),
    Setting("archive_gate_days", _count(0), 30, "Digests first published more than this many days ago are for subscribers; 0 turns the gate off", type_name="int"),
    Setting("broker_url", str, "", "Celery broker (redis:// or amqp://); when set, run hands work to workers", secret=True),
    Setting("llm_url", str, "", "OpenAI-compatible endpoint of the optional LLM writer (e.g. http://127.0.0.1:8080/v1); empty = extractive only"),
    Setting("llm_model", str, "", "Model name sent to the LLM endpoint"),
    Setting("llm_api_key", str, "", "Bearer key for the LLM endpoint", secret=True),
    Setting("llm_timeout", _positive_duration, 60.0, "Time allowed for one LLM request", type_name="duration"),
    Setting("llm_max_tokens", _count(1), 1500, "Most tokens the model may write per attempt", type_name="int"),
    Setting("llm_retries", _count(0), 2, "Retries of one LLM request after a timeout, 429 or 5xx", type_name="int"),
    Setting("llm_token_budget", _count(0), 0, "Most LLM tokens spent per pass (0: no limit)", type_name="int"),
    Setting("trusted_proxies", _networks, (), "CIDRs of reverse proxies whose X-Forwarded-For is believed (rate limits key on the real client)", type_name="cidr list"),
    Setting("admin_networks", _networks, ("127.0.0.0/8", "::1/128"), "Client networks that may reach /admin/ and /metrics", type_name="cidr list"),
    Setting("smtp_host", str, "", "SMTP server for confirmation mails and the newsletter; empty disables mail"),
    Setting("smtp_port", _count(1, 65535), 25, "SMTP port", type_name="int"),
    Setting("smtp_user", str, "", "SMTP user name (empty: no login)"),
    Setting("smtp_password", str, "", "SMTP password", secret=True),
    Setting("smtp_starttls", _bool, False, "Use STARTTLS on the SMTP connection", type_name="bool"),
    Setting("mail_from", str, "newsdigest <newsdigest@localhost>", "From address of every mail"),
    Setting("newsletter_hour", _count(0, 23), 7, "Hour (UTC) after which run --every sends the daily newsletter once a day", type_name="int"),
    Setting("newsletter_size", _count(1), 8, "Digests in the daily newsletter", type_name="int"),
    Setting("archive_continue_reads", _count(0), 1, "Gated digests a non-subscriber may open with \"Continue reading\" (0: none)", type_name="int"),
    Setting("comment_max_chars", _count(1), 5000, "Longest comment accepted (characters, checked before storage)", type_name="int"),
    Setting("comment_max_links", _count(0), 2, "Most links in a comment before it is refused as spam", type_name="int"),
    Setting("comment_min_seconds", parse_duration, 3.0, "Least time between showing the comment form and posting it (bots are faster)", type_name="float"),
    Setting("rate_limit_posts", _count(1), 5, "Accepted form posts allowed per client address per 10 minutes: comments, subscriptions and follows share it, sign-in links and error reports have their own; posts refused as invalid (a mistyped address) do not count, they have a budget of 4 times this", type_name="int"),
    Setting("login_max_failures", _count(1), 5, "Failed admin logins before the account is locked for 15 minutes", type_name="int"),
    Setting("log_level", _choice("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"), "WARNING", "Log level for stderr (DEBUG, INFO, WARNING, ERROR)"),
    Setting("log_format", _choice("text", "json"), "text", "Log lines as text or json (one JSON object per line, with source/url/article_id/story_id)"),
)

BY_NAME = {s.name: s for s in SETTINGS}
ENV_PREFIX = "NEWSDIGEST_"


@dataclass(frozen=True)
class Config:
    values: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)  # name -> "env" | "file" | "default" | "cli"

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def replace(self, **changes: Any) -> "Config":
        values = dict(self.values)
        origins = dict(self.origins)
        for k, v in changes.items():
            values[k] = _coerce(BY_NAME[k], v, "argument")
            origins[k] = "cli"
        return Config(values, origins)

    def redacted(self) -> dict[str, Any]:
        out = {}
        for s in SETTINGS:
            v = self.values[s.name]
            if s.secret and v:
                v = "********"
            elif s.name == "database_url":
                v = re.sub(r"//([^:/@]+):[^@]*@", r"//\1:********@", str(v))
            out[s.name] = v
        return out


def markdown_table() -> str:
    """The README's configuration table (``newsdigest config show --markdown``)."""
    rows = ["| setting | environment | type | default | what it does |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        d = ",".join(s.default) if isinstance(s.default, tuple) else s.default
        rows.append(f"| `{s.name}` | `{ENV_PREFIX}{s.name.upper()}` | {s.type_name} | `{d if d != '' else '(empty)'}` | {s.help} |")
    return "\n".join(rows) + "\n"


def _coerce(s: Setting, raw: Any, where: str) -> Any:
    if s.type is str and not isinstance(raw, str):
        raise ConfigError(f"config: {s.name} from {where}: must be a string, not {type(raw).__name__}")
    try:
        return s.type(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"config: {s.name} from {where}: {exc}") from None


def config_file_path(env: dict[str, str] | None = None) -> Path | None:
    env = os.environ if env is None else env
    explicit = env.get(ENV_PREFIX + "CONFIG")
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"config: settings file not found: {p}")
        return p
    p = Path("newsdigest.toml")
    return p if p.is_file() else None


def load_config(env: dict[str, str] | None = None, path: Path | None = None) -> Config:
    env = dict(os.environ) if env is None else env
    path = path or config_file_path(env)
    file_values: dict[str, Any] = {}
    if path is not None:
        try:
            file_values = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config: cannot read {path}: {exc}") from None
        section = file_values.get("newsdigest", file_values)
        if not isinstance(section, dict):
            raise ConfigError(f"config: 'newsdigest' in {path} must be a table ([newsdigest]), not {type(section).__name__}")
        if section is not file_values and len(file_values) > 1:
            raise ConfigError(f"config: {path} has settings both under [newsdigest] and outside it: "
                              f"{', '.join(sorted(set(file_values) - {'newsdigest'}))}")
        file_values = section
        unknown = sorted(set(file_values) - set(BY_NAME))
        if unknown:
            raise ConfigError(f"config: unknown setting(s) in {path}: {', '.join(unknown)}")
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for s in SETTINGS:
        env_name = ENV_PREFIX + s.name.upper()
        if env_name in env:
            values[s.name] = _coerce(s, env[env_name], env_name)
            origins[s.name] = "env"
        elif s.name in file_values:
            values[s.name] = _coerce(s, file_values[s.name], str(path))
            origins[s.name] = "file"
        else:
            values[s.name] = s.default
            origins[s.name] = "default"
    return Config(values, origins)
