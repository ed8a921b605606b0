"""The entry point's configuration from the environment."""

from __future__ import annotations

from pathlib import Path

from storepredict.config import config_from_env
from storepredict.pipeline import MIB, Limits


def test_defaults_without_environment() -> None:
    config = config_from_env({})
    assert (config.host, config.port) == ("127.0.0.1", 8080)
    assert config.limits == Limits()
    assert config.limits.max_upload_bytes == 200_000_000
    assert config.limits.describe_upload_limit() == "200 MB"


def test_environment_and_overrides() -> None:
    env = {
        "STOREPREDICT_MAX_UPLOAD_MB": "50",
        "STOREPREDICT_MAX_ZIP_MIB": "10",
        "STOREPREDICT_MAX_ZIP_RATIO": "20",
        "STOREPREDICT_MAX_ZIP_ENTRIES": "30",
        "STOREPREDICT_MAX_SESSION_JSON_MIB": "8",
        "STOREPREDICT_MAX_FILES": "5",
        "STOREPREDICT_PORT": "9000",
    }
    config = config_from_env(env, host="0.0.0.0", port=None)
    assert config.host == "0.0.0.0"
    assert config.port == 9000
    assert config.limits == Limits(
        max_upload_bytes=50_000_000,
        max_zip_uncompressed_bytes=10 * MIB,
        max_zip_ratio=20.0,
        max_zip_entries=30,
        max_session_json_bytes=8 * MIB,
        max_files=5,
    )


def test_an_unset_variable_keeps_the_limits_default() -> None:
    config = config_from_env({"STOREPREDICT_MAX_ZIP_ENTRIES": "30"})
    assert config.limits == Limits(max_zip_entries=30)
    assert config.limits.max_zip_uncompressed_bytes == 1024 * MIB


def test_server_settings_from_environment(tmp_path) -> None:
    env = {
        "STOREPREDICT_ACCESS_TOKEN": "s3cret-token-of-20ch",
        "STOREPREDICT_ALLOWED_HOSTS": "Sizing.Corp, localhost",
        "STOREPREDICT_DATA_DIR": str(tmp_path),
        "STOREPREDICT_AUTOSAVE": "off",
        "STOREPREDICT_AUTOSAVE_MAX_AGE_DAYS": "2",
        "STOREPREDICT_AUTOSAVE_MAX_MB": "50",
        "STOREPREDICT_MEMORY_SESSIONS": "3",
        "STOREPREDICT_REDIS_URL": "redis://127.0.0.1:6390/0",
    }
    config = config_from_env(env, trust_proxy_auth="X-User")
    assert config.access_token == "s3cret-token-of-20ch"
    assert config.trust_proxy_auth == "X-User"
    assert config.allowed_hosts == ("sizing.corp", "localhost")
    assert config.data_dir == tmp_path
    assert config.autosave is False
    assert config.autosave_max_age_s == 2 * 86400
    assert config.autosave_max_bytes == 50_000_000
    assert config.memory_sessions == 3
    assert config.redis_url == "redis://127.0.0.1:6390/0"


def test_server_defaults_are_safe() -> None:
    config = config_from_env({"HOME": "/home/ada"})
    assert config.allowed_hosts == ("localhost", "127.0.0.1", "::1")
    assert config.data_dir == Path("/home/ada/.local/share/storepredict")
    assert config_from_env({"XDG_DATA_HOME": "/data"}).data_dir == Path("/data/storepredict")
    assert (config.access_token, config.trust_proxy_auth, config.redis_url) == (None, None, None)
    assert config.autosave is True
    assert config.serve_problem() is None


def test_non_loopback_bind_needs_access_control() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "localhost", "::1"):
        assert config_from_env({}, host=host).serve_problem() is None
    problem = config_from_env({}, host="0.0.0.0").serve_problem()
    assert problem is not None
    assert problem.startswith("refusing to listen on 0.0.0.0 without access control")
    assert "STOREPREDICT_ACCESS_TOKEN" in problem and "--trust-proxy-auth HEADER" in problem
    assert config_from_env({}, host="0.0.0.0", trust_proxy_auth="X-User").serve_problem() is None
    token = {"STOREPREDICT_ACCESS_TOKEN": "0123456789abcdef"}
    assert config_from_env(token, host="0.0.0.0").serve_problem() is None
    short = config_from_env({"STOREPREDICT_ACCESS_TOKEN": "short"}, host="0.0.0.0")
    assert short.serve_problem() == "STOREPREDICT_ACCESS_TOKEN must be at least 16 characters long."
