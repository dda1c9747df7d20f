"""Where the online sources' addresses come from: pip and npm configuration, the
environment, explicit options; OSV defaults that can be overridden."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from faasguard.deps.advisories import (
    Endpoint,
    NotConfiguredError,
    npm_registries,
    osv_api_url,
    osv_export_url,
    pypi_json_endpoint,
)

MIRROR = "https://mirror.example.invalid/repository/pypi-proxy/simple/"
MIRROR_API = "https://mirror.example.invalid/repository/pypi-proxy/pypi"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def pip(
    tmp_path: Path, env: dict[str, str], platform: str = "linux", explicit: str | None = None
) -> Endpoint:
    return pypi_json_endpoint(
        explicit, env=env, platform=platform, root=tmp_path / "root", prefix=tmp_path / "venv"
    )


def test_pip_index_url_environment_variable(tmp_path: Path, home: Path) -> None:
    endpoint = pip(tmp_path, {"HOME": str(home), "PIP_INDEX_URL": MIRROR})
    assert (endpoint.url, endpoint.origin) == (MIRROR_API, "PIP_INDEX_URL")


def test_pip_files_in_pip_precedence_order(tmp_path: Path, home: Path) -> None:
    root = tmp_path / "root"
    env = {"HOME": str(home)}
    write(root / "etc/xdg/pip/pip.conf", "[global]\nindex-url = https://xdg.example.invalid/simple\n")
    assert pip(tmp_path, env).url == "https://xdg.example.invalid/pypi"
    write(root / "etc/pip.conf", "[global]\nindex-url = https://etc.example.invalid/simple\n")
    assert pip(tmp_path, env).url == "https://etc.example.invalid/pypi"
    write(home / ".pip/pip.conf", "[global]\nindex_url = https://legacy.example.invalid/simple\n")
    assert pip(tmp_path, env).url == "https://legacy.example.invalid/pypi"
    user = write(
        home / ".config/pip/pip.conf",
        "[global]\nindex-url = https://user.example.invalid/simple\n"
        "[install]\nindex-url = https://install.example.invalid/simple\n",
    )
    endpoint = pip(tmp_path, env)
    assert (endpoint.url, endpoint.origin) == ("https://install.example.invalid/pypi", f"{user} [install]")
    write(tmp_path / "venv/pip.conf", "[global]\nindex-url = https://site.example.invalid/simple\n")
    assert pip(tmp_path, env).url == "https://site.example.invalid/pypi"
    chosen = write(tmp_path / "chosen.conf", "[global]\nindex-url = https://chosen.example.invalid/simple\n")
    assert pip(tmp_path, {**env, "PIP_CONFIG_FILE": str(chosen)}).url == "https://chosen.example.invalid/pypi"
    assert pip(tmp_path, {**env, "PIP_INDEX_URL": MIRROR}).url == MIRROR_API
    assert pip(tmp_path, {**env, "PIP_CONFIG_FILE": os.devnull}).url is None  # pip: no files at all
    assert pip(tmp_path, env, explicit="http://127.0.0.1:9/pypi/").url == "http://127.0.0.1:9/pypi"


def test_pip_config_file_replaces_user_files(tmp_path: Path, home: Path) -> None:
    write(home / ".config/pip/pip.conf", "[global]\nindex-url = https://user.example.invalid/simple\n")
    chosen = write(tmp_path / "chosen.conf", "[global]\ntimeout = 10\n")
    assert pip(tmp_path, {"HOME": str(home), "PIP_CONFIG_FILE": str(chosen)}).url is None


def test_pip_on_windows_and_macos(tmp_path: Path, home: Path) -> None:
    app_data = tmp_path / "AppData/Roaming"
    write(app_data / "pip/pip.ini", "[global]\nindex-url = https://win.example.invalid/simple\n")
    assert pip(tmp_path, {"USERPROFILE": str(home), "APPDATA": str(app_data)}, "win32").url == (
        "https://win.example.invalid/pypi"
    )
    write(
        home / "Library/Application Support/pip/pip.conf",
        "[global]\nindex-url = https://mac.example.invalid/simple",
    )
    assert pip(tmp_path, {"HOME": str(home)}, "darwin").url == "https://mac.example.invalid/pypi"


@pytest.mark.parametrize(
    ("index", "problem"),
    [
        ("file:///srv/wheels/simple", "is not served over HTTP"),
        ("https://devpi.example.invalid/root/pypi/+simple/", "does not end in '/simple'"),
        ("https://flat.example.invalid/packages/", "does not end in '/simple'"),
    ],
)
def test_indexes_without_a_json_api_are_explained(
    tmp_path: Path, home: Path, index: str, problem: str
) -> None:
    endpoint = pip(tmp_path, {"HOME": str(home), "PIP_INDEX_URL": index})
    assert endpoint.url is None
    assert problem in endpoint.problem
    assert "(from PIP_INDEX_URL)" in endpoint.problem
    with pytest.raises(NotConfiguredError) as caught:
        endpoint.require()
    assert "pip.conf" in caught.value.advice


def test_no_pip_index_configured(tmp_path: Path, home: Path) -> None:
    endpoint = pip(tmp_path, {"HOME": str(home)})
    assert endpoint.url is None
    assert endpoint.problem == "no Python package index is configured for pip"
    assert "PIP_INDEX_URL" in endpoint.advice


def test_credentials_in_the_index_url_are_dropped(tmp_path: Path, home: Path) -> None:
    index = "https://build:t0ken@mirror.example.invalid/repository/pypi-proxy/simple"
    assert pip(tmp_path, {"HOME": str(home), "PIP_INDEX_URL": index}).url == MIRROR_API


# --- npm ---------------------------------------------------------------------


def test_npm_registry_from_the_environment_in_any_case(home: Path) -> None:
    for key in ("npm_config_registry", "NPM_CONFIG_REGISTRY"):
        registries = npm_registries(env={"HOME": str(home), "PATH": "", key: "https://npm.example.invalid/"})
        assert registries.default.url == "https://npm.example.invalid"
        assert registries.default.origin == "npm_config_registry"


def test_npm_files_in_npm_precedence_order(tmp_path: Path, home: Path) -> None:
    prefix = tmp_path / "node"
    node = write(prefix / "bin/node", "#!/bin/sh\n")
    node.chmod(node.stat().st_mode | stat.S_IXUSR)
    env = {"HOME": str(home), "PATH": str(prefix / "bin")}
    write(
        prefix / "etc/npmrc",
        "registry=https://global.example.invalid/\n@corp:registry=https://corp.example.invalid\n",
    )
    registries = npm_registries(env=env)
    assert (registries.default.url, registries.default.origin) == (
        "https://global.example.invalid",
        str(prefix / "etc/npmrc"),
    )
    write(home / ".npmrc", '; comment\n# comment\nregistry = "https://${NPM_HOST}/npm/"\n')
    assert npm_registries(env={**env, "NPM_HOST": "user.example.invalid"}).default.url == (
        "https://user.example.invalid/npm"
    )
    project = tmp_path / "project"
    write(project / "package.json", "{}")
    write(project / ".npmrc", "registry=https://project.example.invalid\n")
    nested = project / "src/handler"
    nested.mkdir(parents=True)
    registries = npm_registries(nested, env=env)
    assert registries.default.url == "https://project.example.invalid"
    assert registries.for_package("@corp/lib").url == "https://corp.example.invalid"
    assert registries.for_package("@other/lib").url == "https://project.example.invalid"
    assert npm_registries(
        nested, env={**env, "npm_config_registry": "https://env.example.invalid"}
    ).default.url == ("https://env.example.invalid")
    assert npm_registries(nested, "http://127.0.0.1:9", env=env).default.url == "http://127.0.0.1:9"
    # ${NPM_HOST} unset leaves no host: that line is ignored, and no global file names another
    assert npm_registries(env={**env, "npm_config_globalconfig": str(tmp_path / "none")}).default.url is None


def test_a_project_npmrc_cannot_pull_the_environment_into_a_url(tmp_path: Path, home: Path) -> None:
    project = tmp_path / "project"
    write(project / "package.json", "{}")
    write(project / ".npmrc", "registry=https://evil.example.invalid/${AWS_SECRET_ACCESS_KEY}\n")
    env = {"HOME": str(home), "PATH": "", "AWS_SECRET_ACCESS_KEY": "hunter2"}
    registries = npm_registries(project, env=env)
    assert registries.default.url is None
    assert "hunter2" not in repr(registries)


def test_user_config_location_can_move(tmp_path: Path, home: Path) -> None:
    rc = write(tmp_path / "ci.npmrc", "registry=https://ci.example.invalid\n")
    registries = npm_registries(env={"HOME": str(home), "PATH": "", "NPM_CONFIG_USERCONFIG": str(rc)})
    assert (registries.default.url, registries.default.origin) == ("https://ci.example.invalid", str(rc))


def test_no_npm_registry_configured(home: Path) -> None:
    registries = npm_registries(env={"HOME": str(home), "PATH": ""})
    assert registries.default.url is None
    assert registries.default.problem == "no npm registry is configured"
    assert ".npmrc" in registries.default.advice


# --- OSV ---------------------------------------------------------------------


def test_osv_defaults_can_be_overridden() -> None:
    assert osv_api_url(env={}).startswith("https://")
    assert osv_export_url(env={}).startswith("https://")
    assert osv_api_url(env={"FAASGUARD_OSV_API_URL": "http://127.0.0.1:1/"}) == "http://127.0.0.1:1"
    assert osv_export_url(env={"FAASGUARD_OSV_DB_URL": "file:///mirror/osv/"}) == "file:///mirror/osv"
    assert osv_api_url("http://127.0.0.1:2", env={"FAASGUARD_OSV_API_URL": "http://127.0.0.1:1"}) == (
        "http://127.0.0.1:2"
    )


def test_the_real_environment_is_read_by_default(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PIP_INDEX_URL", "PIP_CONFIG_FILE", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PATH", "")
    write(home / ".config/pip/pip.conf", "[global]\nindex-url = https://user.example.invalid/simple\n")
    endpoint = pypi_json_endpoint(root=tmp_path / "root", prefix=tmp_path / "venv")
    assert endpoint.url == "https://user.example.invalid/pypi"
    monkeypatch.setenv("PIP_INDEX_URL", MIRROR)
    assert pypi_json_endpoint(root=tmp_path / "root", prefix=tmp_path / "venv").url == MIRROR_API

    for name in [key for key in os.environ if key.lower().startswith("npm_config_")]:
        monkeypatch.delenv(name)
    write(home / ".npmrc", "registry=https://user.example.invalid/\n")
    assert npm_registries().default.url == "https://user.example.invalid"
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", "https://env.example.invalid")
    assert npm_registries().default.url == "https://env.example.invalid"


def test_malformed_addresses_are_ignored_not_raised(tmp_path: Path, home: Path) -> None:
    endpoint = pip(tmp_path, {"HOME": str(home), "PIP_INDEX_URL": "http://[broken/simple"})
    assert (endpoint.url, endpoint.problem) == (
        None,
        "the package index address is not a valid URL (from PIP_INDEX_URL)",
    )
    write(home / ".npmrc", "registry=http://[broken\n@x:registry=https://host:port/\n")
    registries = npm_registries(env={"HOME": str(home), "PATH": ""})
    assert registries.default.url is None and not registries.scopes
