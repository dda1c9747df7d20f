"""Finding a folder's manifests and merging each with its lockfile; the public surface."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import faasguard.deps.manifests as manifests
from faasguard.deps.manifests import FolderDeps, Pin, Problem, Role, find_manifests, read_folder
from faasguard.deps.packages import Ecosystem

DATA = Path(__file__).parents[1] / "data" / "deps" / "manifests"


def read(sub: str) -> FolderDeps:
    return read_folder(DATA / sub, sub)


def flags(deps: FolderDeps) -> dict[tuple[str, str | None], tuple[bool, bool]]:
    """(name, version) -> (dev, direct)."""
    return {(p.name, p.version): (p.dev, p.direct) for p in deps.packages}


def unpinned(deps: FolderDeps) -> list[tuple[str, str, str | None]]:
    return [(u.package.name, u.pin.value, u.lockfile) for u in deps.unpinned]


def test_public_surface() -> None:
    assert manifests.__all__ == sorted(manifests.__all__)
    assert set(manifests.__all__) == {
        "DEFAULT_MAX_BYTES",
        "FolderDeps",
        "ManifestFile",
        "Parsed",
        "Pin",
        "Problem",
        "Role",
        "Unpinned",
        "find_manifests",
        "parse_manifest",
        "read_folder",
    }
    for name in manifests.__all__:
        assert getattr(manifests, name) is not None
    for name in ("find_manifests", "parse_manifest", "read_folder"):
        assert getattr(manifests, name).__doc__


def test_find_manifests_lists_only_the_folder_itself(tmp_path: Path) -> None:
    for name in (
        "package.json", "yarn.lock", "requirements.txt", "requirements-dev.txt", "dev-requirements.txt",
        "go.mod", "README.md", "notes.txt", "Pipfile", "Cargo.lock", "pom.xml",
    ):  # fmt: skip
        (tmp_path / name).write_text("")
    for nested in ("node_modules/left-pad", ".git", ".venv/lib", "build", "sub"):
        (tmp_path / nested).mkdir(parents=True)
        (tmp_path / nested / "package.json").write_text("{}")
        (tmp_path / nested / "requirements.txt").write_text("")
    (tmp_path / "poetry.lock").mkdir()  # a folder with a manifest's name is not a manifest
    assert [p.name for p in find_manifests(tmp_path)] == [
        "Cargo.lock",
        "Pipfile",
        "dev-requirements.txt",
        "go.mod",
        "package.json",
        "pom.xml",
        "requirements-dev.txt",
        "requirements.txt",
        "yarn.lock",
    ]
    assert find_manifests(tmp_path / "missing") == []


def test_npm_lock_wins_with_manifest_flags() -> None:
    deps = read("npm_v3")
    got = flags(deps)
    assert got[("express", "4.18.2")] == (False, True)
    assert got[("debug", "2.6.9")] == (False, False)
    assert got[("jest", "29.7.0")] == (True, True)
    assert got[("left-pad", "1.3.0")] == (False, True)
    assert got[("ms", "2.1.3")] == (False, False)  # a workspace member's, not named by this package.json
    assert [p.file for p in deps.packages if p.name == "express"] == ["npm_v3/package-lock.json"]
    # Declared but missing from the lockfile: reported, and kept so an exact one could still be audited.
    assert unpinned(deps) == [
        ("not-installed", "range", "npm_v3/package-lock.json"),
        ("by-tag", "range", "npm_v3/package-lock.json"),
    ]
    assert ("local-lib", None) in got  # a path in the project is never "unpinned"
    manifest = next(f for f in deps.files if f.file == "npm_v3/package.json")
    assert manifest.role is Role.MANIFEST and manifest.lockfiles == ("npm_v3/package-lock.json",)
    assert manifest.ecosystem is Ecosystem.NPM and manifest.declared == 10
    assert deps.unlocked == ()
    assert (
        Problem("npm_v3/package.json", 22, "devDependencies.bad: the version must be a string")
        in deps.problems
    )


def test_npm_v1_direct_comes_from_package_json() -> None:
    got = flags(read("npm_v1"))
    assert got[("debug", "4.1.1")] == (True, True)  # the top-level copy is the one the project named
    assert got[("debug", "2.6.9")] == (False, False)
    assert got[("debug", "3.1.0")] == (True, False)
    assert got[("left-pad", "1.3.0")] == (False, True)  # "aliased": "npm:left-pad@1.3.0"
    assert got[("body-parser", "1.18.3")] == (False, True)


@pytest.mark.parametrize("sub", ["yarn_v1", "yarn_berry"])
def test_yarn_dev_only_packages_follow_the_edges(sub: str) -> None:
    got = flags(read(sub))
    assert got[("jest", "29.7.0")] == (True, True)
    assert got[("express", "4.18.2")] == (False, True)
    assert got[("debug", "2.6.9")] == (False, False)
    assert got[("ms", "2.0.0")] == (False, False)  # jest and express both pull it in: it ships
    assert got[("gh-dep", None)] == (False, True)
    assert got[("left-pad", "1.3.0")] == (False, True)
    if sub == "yarn_v1":
        assert got[("@babel/code-frame", "7.23.5")] == (True, False)
        assert got[("@babel/highlight", "7.23.4")] == (True, False)
    else:
        assert got[("pretty-format", "29.7.0")] == (True, False)
    assert unpinned(read(sub)) == []


def test_pnpm_v9_with_package_json() -> None:
    deps = read("pnpm_v9")
    got = flags(deps)
    assert got[("ms", "2.1.3")] == (True, False)
    assert got[("ms", "2.0.0")] == (False, False)
    assert got[("jest", "29.7.0")] == (True, True)
    assert unpinned(deps) == []


def test_poetry_project() -> None:
    deps = read("python_poetry")
    got = flags(deps)
    assert got[("aws-lambda-powertools", "2.30.2")] == (False, True)
    assert got[("pytest", "8.0.2")] == (True, True)
    assert got[("iniconfig", "2.0.0")] == (True, False)
    assert got[("typing-extensions", "4.9.0")] == (False, False)
    assert unpinned(deps) == [
        ("numpy", "range", "python_poetry/poetry.lock"),
        ("moto", "range", "python_poetry/poetry.lock"),
        ("orjson", "range", "python_poetry/poetry.lock"),
    ]


def test_uv_project() -> None:
    deps = read("python_uv")
    assert unpinned(deps) == [("httpx", "range", "python_uv/uv.lock")]
    assert flags(deps)[("private-lib", None)] == (False, True)


def test_pipenv_project() -> None:
    deps = read("python_pipenv")
    got = flags(deps)
    assert got[("pytest", "8.0.2")] == (True, True)
    assert got[("requests", "2.31.0")] == (False, True)
    assert unpinned(deps) == []


def test_exported_requirements_lock_a_pyproject() -> None:
    deps = read("python_exported")
    assert flags(deps) == {("certifi", "2024.2.2"): (False, False), ("requests", "2.31.0"): (False, True)}
    pyproject = next(f for f in deps.files if f.file.endswith("pyproject.toml"))
    assert pyproject.lockfiles == ("python_exported/requirements.txt",)
    assert deps.unlocked == () and deps.unpinned == ()


def test_requirements_files_that_include_each_other() -> None:
    deps = read("requirements")
    # requirements-dev.txt includes requirements.txt: each declaration once, shipped.
    assert [(p.name, p.dev) for p in deps.packages if p.name in ("six", "requests", "pytest")] == [
        ("requests", False),
        ("six", False),
        ("pytest", True),
    ]
    assert len(deps.packages) == len({(p.file, p.line) for p in deps.packages})
    assert unpinned(deps) == [
        ("boto3", "range", None),
        ("pyyaml", "range", None),
        ("attrs", "range", None),
        ("internal-lib", "url", None),
        ("mylib", "url", None),
        ("token-lib", "url", None),
        ("versioned", "unresolved", None),
    ]
    messages = [str(p) for p in deps.problems]
    assert messages.count("requirements/requirements.txt:22: unknown option --frobnicate") == 1
    assert not any(
        "requirements.txt:22" in m for m in messages if m.startswith("requirements/requirements-dev")
    )
    assert [f.file for f in deps.unlocked] == [
        "requirements/requirements-dev.txt",
        "requirements/requirements.txt",
    ]


def test_bundler_dev_groups_reach_the_lockfile() -> None:
    got = flags(read("ruby"))
    assert got[("rubocop", "1.59.0")] == (True, True)
    assert got[("rspec-core", "3.12.2")] == (True, False)
    assert got[("irb", "1.11.0")] == (True, False)
    assert got[("racc", "1.7.3")] == (False, False)  # nokogiri ships, and it needs racc
    assert got[("actionpack", "7.1.2")] == (False, False)
    assert got[("vendored", None)] == (False, True)


def test_cargo_dev_and_build_dependencies_reach_the_lockfile() -> None:
    got = flags(read("rust"))
    assert got[("mockall", "0.12.1")] == (True, True)
    assert got[("predicates", "3.1.0")] == (True, False)
    assert got[("cc", "1.0.83")] == (True, True)
    assert got[("libc", "0.2.152")] == (False, True)  # cc needs it too, but tokio ships it
    assert got[("serde", "1.0.195")] == (False, True)
    assert got[("serde", "0.9.15")] == (False, False)


def test_go_mod_is_the_authority() -> None:
    deps = read("go")
    assert [(p.name, p.version, p.file) for p in deps.packages][:2] == [
        ("github.com/aws/aws-lambda-go", "1.46.0", "go/go.mod"),
        ("github.com/aws/aws-sdk-go-v2", "1.24.1", "go/go.mod"),
    ]
    assert all(p.file == "go/go.mod" for p in deps.packages)
    assert deps.unpinned == ()


def test_old_go_mod_gets_the_rest_from_go_sum() -> None:
    deps = read("go_old")
    assert [(p.name, p.version, p.file, p.direct) for p in deps.packages] == [
        ("github.com/aws/aws-lambda-go", "1.28.0", "go_old/go.mod", True),
        ("github.com/stretchr/testify", "1.7.0", "go_old/go.sum", False),  # the highest version wins
    ]


def test_maven_has_no_lockfile() -> None:
    deps = read("maven")
    assert unpinned(deps) == [
        ("software.amazon.awssdk:s3", "unresolved", None),
        ("commons-io:commons-io", "range", None),
        ("org.example:unknown", "unresolved", None),
    ]
    assert [f.file for f in deps.unlocked] == ["maven/pom.xml"]


def test_manifest_without_lockfile(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(
        '{"dependencies": {"a": "1.0.0", "b": "^2.0.0", "c": "file:../c"}}'
    )
    deps = read_folder(tmp_path)
    assert deps.packages[0].file == str(tmp_path / "package.json")
    assert [(u.package.name, u.pin, u.lockfile) for u in deps.unpinned] == [("b", Pin.RANGE, None)]
    assert [f.file for f in deps.unlocked] == [str(tmp_path / "package.json")]


def test_broken_lockfile_does_not_count_as_one(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": {"a": "^1.0.0"}}')
    (tmp_path / "package-lock.json").write_text("{not json")
    deps = read_folder(tmp_path, "")
    assert [(u.package.name, u.lockfile) for u in deps.unpinned] == [("a", None)]
    assert [str(p) for p in deps.problems] == [
        "package-lock.json:1: invalid JSON: Expecting property name enclosed in double quotes (column 2)"
    ]


def test_lockfile_without_manifest(tmp_path: Path) -> None:
    (tmp_path / "go.sum").write_text("example.com/m v1.0.0 h1:x=\n")
    deps = read_folder(tmp_path, "fn")
    assert [(p.name, p.version, p.file) for p in deps.packages] == [("example.com/m", "1.0.0", "fn/go.sum")]
    assert deps.unpinned == () and deps.unlocked == ()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_symlink_out_of_the_root_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret-package==1.0\n")
    (tmp_path / "fn").mkdir()
    (tmp_path / "fn" / "requirements.txt").symlink_to(outside)
    deps = read_folder(tmp_path / "fn", "fn")
    assert deps.packages == ()
    assert [str(p) for p in deps.problems] == [
        "fn/requirements.txt: symbolic link to a file outside the scanned folder; not read"
    ]
    inside = read_folder(tmp_path / "fn", "fn", root=tmp_path)
    assert [p.name for p in inside.packages] == ["secret-package"]
