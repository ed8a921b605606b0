"""The entry point's configuration from the environment."""

from __future__ import annotations

from storepredict.config import config_from_env
from storepredict.pipeline.limits import MIB, Limits


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
