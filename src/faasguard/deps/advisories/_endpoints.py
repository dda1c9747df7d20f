"""Where the online sources live.

OSV's API and export bucket have public defaults, overridable by an explicit
option or an environment variable.  The package registries have no default
in faasguard: their addresses come from the user's own pip and npm
configuration, the way pip and npm themselves would find them, so faasguard
asks the same index the user installs from.  When nothing configures one,
the :class:`Endpoint` says so and how to fix it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from faasguard.deps.advisories._interface import NotConfiguredError

__all__ = [
    "OSV_API_ENV",
    "OSV_EXPORT_ENV",
    "Endpoint",
    "NpmRegistries",
    "npm_registries",
    "osv_api_url",
    "osv_export_url",
    "pypi_json_endpoint",
]

OSV_API_ENV = "FAASGUARD_OSV_API_URL"
OSV_EXPORT_ENV = "FAASGUARD_OSV_DB_URL"
_OSV_API = "https://api.osv.dev"
_OSV_EXPORT = "https://osv-vulnerabilities.storage.googleapis.com"

_PIP_ADVICE = (
    "set index-url in pip.conf (or PIP_INDEX_URL) to an index with a '/simple' address, "
    "or give the index's JSON API address explicitly"
)
_NPM_ADVICE = (
    "set registry in an .npmrc file (or npm_config_registry), or give the registry address explicitly"
)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The address of a source, where it came from, or why there is none."""

    url: str | None
    origin: str = ""
    problem: str = ""
    advice: str = ""

    def require(self) -> str:
        """The address; raise :class:`NotConfiguredError` when there is none."""
        if self.url is None:
            raise NotConfiguredError(self.problem, advice=self.advice)
        return self.url


def _environ(env: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if env is None else env


def osv_api_url(explicit: str | None = None, *, env: Mapping[str, str] | None = None) -> str:
    """The OSV API root: ``explicit``, else ``$FAASGUARD_OSV_API_URL``, else OSV's public API."""
    return (explicit or _environ(env).get(OSV_API_ENV) or _OSV_API).rstrip("/")


def osv_export_url(explicit: str | None = None, *, env: Mapping[str, str] | None = None) -> str:
    """Where ``<Ecosystem>/all.zip`` exports live: ``explicit``, ``$FAASGUARD_OSV_DB_URL`` or OSV's bucket."""
    return (explicit or _environ(env).get(OSV_EXPORT_ENV) or _OSV_EXPORT).rstrip("/")


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME") or env.get("USERPROFILE")
    return Path(home) if home else Path.home()


def _strip_credentials(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # not a URL: the caller's own check rejects it
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


# --- pip ---------------------------------------------------------------------


def _pip_config_files(env: Mapping[str, str], platform: str, root: Path, prefix: Path) -> list[Path]:
    """pip's configuration files, lowest precedence first (as pip loads them)."""
    home = _home(env)
    chosen = env.get("PIP_CONFIG_FILE")
    if chosen == os.devnull:
        return []
    if platform == "win32":
        program_data = env.get("PROGRAMDATA") or str(root / "ProgramData")
        app_data = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        files = [Path(program_data) / "pip" / "pip.ini"]
        user = [app_data / "pip" / "pip.ini"]
        site = prefix / "pip.ini"
    elif platform == "darwin":
        files = [root / "Library" / "Application Support" / "pip" / "pip.conf"]
        modern = home / "Library" / "Application Support" / "pip"
        user = [
            home / ".pip" / "pip.conf",
            (modern if modern.is_dir() else home / ".config" / "pip") / "pip.conf",
        ]
        site = prefix / "pip.conf"
    else:
        dirs = (env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")
        files = [root / d.lstrip("/") / "pip" / "pip.conf" for d in dirs if d] + [root / "etc" / "pip.conf"]
        config_home = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        user = [home / ".pip" / "pip.conf", config_home / "pip" / "pip.conf"]
        site = prefix / "pip.conf"
    if not (chosen and Path(chosen).exists()):  # pip skips user files when PIP_CONFIG_FILE exists
        files += user
    files.append(site)
    if chosen:
        files.append(Path(chosen))
    return files


def _pip_index_url(files: list[Path]) -> tuple[str | None, str]:
    import configparser

    found: tuple[str | None, str] = (None, "")
    for path in files:
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue
        for section in ("global", "install"):  # [install] overrides [global] for pip install
            if not parser.has_section(section):
                continue
            for key, value in parser.items(section):
                if key.lstrip("-").replace("_", "-").lower() == "index-url" and value.strip():
                    found = (value.strip(), f"{path} [{section}]")
    return found


def _json_api_root(index_url: str) -> tuple[str | None, str]:
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(_strip_credentials(index_url))
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return None, "the package index address is not a valid URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None, f"the package index {parts.scheme}://… is not served over HTTP, so it has no JSON API"
    head, _, last = parts.path.rstrip("/").rpartition("/")
    if last != "simple":
        return None, f"the package index {parts.netloc}{parts.path} does not end in '/simple'"
    return urlunsplit((parts.scheme, parts.netloc, f"{head}/pypi", "", "")), ""


def pypi_json_endpoint(
    explicit: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    root: Path = Path("/"),
    prefix: Path = Path(sys.prefix),
) -> Endpoint:
    """The JSON API root of the Python package index the user installs from.

    ``explicit`` is used as given.  Otherwise the index comes from
    ``PIP_INDEX_URL`` or ``index-url`` in pip's configuration files (global,
    user, the environment's own, then ``PIP_CONFIG_FILE``; ``[install]``
    over ``[global]``), and a ``…/simple`` index becomes ``…/pypi``, where
    such indexes serve ``<name>/<version>/json``.  ``root`` anchors the
    system-wide files (``/etc/…``) and ``prefix`` is the environment's folder.
    """
    if explicit:
        return Endpoint(explicit.rstrip("/"), "explicit option")
    environ = _environ(env)
    url: str | None
    if environ.get("PIP_INDEX_URL", "").strip():
        url, origin = environ["PIP_INDEX_URL"].split()[0], "PIP_INDEX_URL"
    else:
        url, origin = _pip_index_url(_pip_config_files(environ, platform, root, prefix))
    if url is None:
        return Endpoint(None, problem="no Python package index is configured for pip", advice=_PIP_ADVICE)
    api, problem = _json_api_root(url)
    if api is None:
        return Endpoint(None, origin, f"{problem} (from {origin})", _PIP_ADVICE)
    return Endpoint(api, origin)


# --- npm ---------------------------------------------------------------------

_SCOPED = re.compile(r"(@[^:/\s]+):registry")
_ENV_REF = re.compile(r"\$\{([^}]+)\}")


@dataclass(frozen=True, slots=True)
class NpmRegistries:
    """The npm registry to ask for each package (scoped registries included)."""

    default: Endpoint
    scopes: Mapping[str, Endpoint] = field(default_factory=dict)

    def for_package(self, name: str) -> Endpoint:
        """The registry npm would use for ``name``."""
        if name.startswith("@"):
            return self.scopes.get(name.split("/", 1)[0], self.default)
        return self.default


def _read_npmrc(path: Path, env: Mapping[str, str] | None) -> dict[str, str]:
    """``key=value`` lines of an .npmrc; ``${VAR}`` expanded only when ``env`` is given."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in ";#[" or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if _ENV_REF.search(value):
            if env is None:
                continue  # a project file must not pull the machine's environment into a URL
            value = _ENV_REF.sub(lambda m: env.get(m[1], ""), value)
        values[key] = value
    return values


def _global_npmrc(env: Mapping[str, str], platform: str) -> Path | None:
    import shutil

    if env.get("npm_config_globalconfig"):
        return Path(env["npm_config_globalconfig"])
    prefix = env.get("npm_config_prefix") or env.get("PREFIX")
    if not prefix:
        node = shutil.which("node", path=env.get("PATH", ""))
        if node is None:
            return None
        real = Path(node).resolve()
        prefix = str(real.parent if platform == "win32" else real.parent.parent)
    return Path(prefix) / "etc" / "npmrc"


def _is_http(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
        return parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def _project_root(project_dir: Path) -> Path:
    for folder in (project_dir, *project_dir.parents):
        if (folder / "package.json").is_file() or (folder / "node_modules").is_dir():
            return folder
    return project_dir


def npm_registries(
    project_dir: Path | None = None,
    explicit: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
) -> NpmRegistries:
    """The npm registries the user's npm configuration names.

    Precedence, highest first: ``explicit``; ``npm_config_registry`` in the
    environment (any case); the project's ``.npmrc`` (in the nearest folder
    above ``project_dir`` with a ``package.json``, read only when
    ``project_dir`` is given, and without ``${VAR}`` expansion, since the
    project may be someone else's); the user's ``~/.npmrc`` (or
    ``npm_config_userconfig``); the global ``<prefix>/etc/npmrc``.
    ``@scope:registry`` lines give scoped registries.
    """
    environ = {
        key.lower() if key.lower().startswith("npm_config_") else key: value
        for key, value in _environ(env).items()
    }
    layers: list[tuple[str, dict[str, str]]] = []
    global_rc = _global_npmrc(environ, platform)
    if global_rc is not None:
        layers.append((str(global_rc), _read_npmrc(global_rc, environ)))
    user_rc = Path(environ.get("npm_config_userconfig") or _home(environ) / ".npmrc")
    layers.append((str(user_rc), _read_npmrc(user_rc, environ)))
    if project_dir is not None:
        project_rc = _project_root(project_dir) / ".npmrc"
        layers.append((str(project_rc), _read_npmrc(project_rc, None)))
    layers.append(("npm_config_registry", {"registry": environ.get("npm_config_registry", "")}))
    if explicit:
        layers.append(("explicit option", {"registry": explicit}))

    default = Endpoint(None, problem="no npm registry is configured", advice=_NPM_ADVICE)
    scopes: dict[str, Endpoint] = {}
    for origin, values in layers:
        for key, value in values.items():
            url = _strip_credentials(value.strip()).rstrip("/")
            if not _is_http(url):
                continue
            if key == "registry":
                default = Endpoint(url, origin)
            elif scoped := _SCOPED.fullmatch(key):
                scopes[scoped[1]] = Endpoint(url, origin)
    return NpmRegistries(default, scopes)
