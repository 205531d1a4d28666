"""The settings table: env over file over default, validation, redaction, docs that cannot rot."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdigest.errors import ConfigError
from newsdigest.settings import SETTINGS, load_config, parse_duration

REPO = Path(__file__).resolve().parents[1]


def test_env_over_file_over_default(tmp_path):
    f = tmp_path / "nd.toml"
    f.write_text('site_title = "From file"\nfetch_timeout = "30s"\ndigest_min_outlets = 3\n')
    cfg = load_config(env={"NEWSDIGEST_SITE_TITLE": "From env"}, path=f)
    assert cfg.site_title == "From env" and cfg.origins["site_title"] == "env"
    assert cfg.fetch_timeout == 30.0 and cfg.origins["fetch_timeout"] == "file"
    assert cfg.digest_min_outlets == 3
    assert cfg.fetch_max_redirects == 5 and cfg.origins["fetch_max_redirects"] == "default"


def test_bad_values_and_unknown_keys_are_clear_errors(tmp_path):
    with pytest.raises(ConfigError, match="NEWSDIGEST_FETCH_MAX_BYTES"):
        load_config(env={"NEWSDIGEST_FETCH_MAX_BYTES": "lots"})
    with pytest.raises(ConfigError, match="fetch_allow_networks"):
        load_config(env={"NEWSDIGEST_FETCH_ALLOW_NETWORKS": "not-a-cidr"})
    for name in ("CLUSTER_EMBEDDING_WEIGHT", "CLUSTER_THRESHOLD"):  # shares: refused at load, not mid-pass
        with pytest.raises(ConfigError, match="must be between 0 and 1"):
            load_config(env={f"NEWSDIGEST_{name}": "1.5"})
    assert load_config(env={"NEWSDIGEST_CLUSTER_EMBEDDING_WEIGHT": "1"}).cluster_embedding_weight == 1.0
    f = tmp_path / "nd.toml"
    f.write_text("fetch_timout = 3\n")
    with pytest.raises(ConfigError, match="unknown setting.*fetch_timout"):
        load_config(env={}, path=f)
    f.write_text("this is not toml = = \n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(env={}, path=f)


def test_networks_and_durations_parse():
    cfg = load_config(env={"NEWSDIGEST_FETCH_ALLOW_NETWORKS": "127.0.0.1, 10.1.0.0/16"})
    assert cfg.fetch_allow_networks == ("127.0.0.1/32", "10.1.0.0/16")
    assert parse_duration("15m") == 900 and parse_duration("2h") == 7200 and parse_duration(5) == 5
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_secrets_are_redacted():
    cfg = load_config(env={
        "NEWSDIGEST_SECRET_KEY": "hunter2",
        "NEWSDIGEST_DATABASE_URL": "postgresql+psycopg://user:pw@db/news",
        "NEWSDIGEST_BROKER_URL": "redis://:pw@127.0.0.1:6379/0",
    })
    shown = cfg.redacted()
    assert "hunter2" not in str(shown) and ":pw@" not in str(shown)
    assert shown["database_url"] == "postgresql+psycopg://user:********@db/news"


def test_every_setting_is_documented_in_the_readme():
    """The README's table is `newsdigest config show --markdown`: regenerate it when this fails."""
    from newsdigest.settings import markdown_table

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    stale = [row for row in markdown_table().splitlines() if row not in readme]
    assert not stale, f"README configuration table is out of date: {stale}"
