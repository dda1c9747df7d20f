"""Python manifests and lockfiles: requirements, pyproject.toml, Pipfile(.lock), poetry.lock, uv.lock."""

from __future__ import annotations

import codecs
from pathlib import Path

from faasguard.deps.manifests import Parsed, Pin, parse_manifest
from faasguard.deps.packages import Ecosystem, PackageRef

DATA = Path(__file__).parents[1] / "data" / "deps" / "manifests"


def parse(rel: str) -> Parsed:
    return parse_manifest(DATA / rel, rel)


def rows(parsed: Parsed) -> list[tuple[str, str | None, int, bool, bool, str]]:
    """(name, version, line, dev, direct, pin) per package."""
    return [
        (p.name, p.version, p.line, p.dev, p.direct, parsed.pin(i).value)
        for i, p in enumerate(parsed.packages)
    ]


def test_requirements_pins_ranges_urls_and_includes() -> None:
    parsed = parse("requirements/requirements.txt")
    assert parsed.kind == "requirements.txt"
    assert not parsed.locked  # ranges and URLs leave versions open
    assert rows(parsed) == [
        ("requests", "2.31.0", 5, False, True, "exact"),
        ("urllib3", "1.26.18", 6, False, True, "exact"),
        ("boto3", None, 7, False, True, "range"),
        ("pyyaml", None, 8, False, True, "range"),
        ("flask-cors", "4.0.0", 9, False, True, "exact"),  # --hash continuation lines
        ("pydantic", "2.5.2", 12, False, True, "exact"),
        ("attrs", None, 13, False, True, "range"),
        ("internal-lib", None, 14, False, True, "url"),  # -e git+...#egg=internal_lib
        ("mylib", None, 15, False, True, "url"),
        ("six", "1.16.0", 1, False, True, "exact"),  # from base/common.txt, -r'd twice
        ("local-pkg", None, 18, False, True, "local"),
        ("token-lib", None, 19, False, True, "url"),
        ("versioned", None, 20, False, True, "unresolved"),
    ]
    by_name = {p.name: p for p in parsed.packages}
    assert by_name["six"].file == "requirements/base/common.txt"
    assert by_name["boto3"].spec == "<2,>=1.28"
    assert by_name["attrs"].spec == ""
    assert by_name["mylib"].spec == "https://files.example/mylib-1.0-py3-none-any.whl"
    assert by_name["requests"].ref == PackageRef(Ecosystem.PYPI, "requests", "2.31.0")


def test_requirements_never_expand_variables_or_show_credentials() -> None:
    parsed = parse("requirements/requirements.txt")
    specs = " ".join(p.spec or "" for p in parsed.packages)
    assert "s3cret" not in specs and "deploy" not in specs
    assert "git+https://***@git.example/org/lib.git@v1.2#egg=internal_lib" in specs
    assert "${GIT_TOKEN}" not in specs  # the user part is masked whatever it is
    assert {p.name: p.spec for p in parsed.packages}["versioned"] == "versioned==${LIB_VERSION}"


def test_requirements_problems_name_their_line() -> None:
    assert parse("requirements/requirements.txt").problems == (
        (16, "requirements/base/common.txt:2: include '../../npm_v1/package.json' points outside the "
         "scanned folder; not followed"),
        (21, "invalid requirement 'not a valid requirement!!': Expected semicolon (after name with no "
         "version specifier) or end"),
        (22, "unknown option --frobnicate"),
        (23, "included file 'missing.txt' not found"),
        (24, "remote include 'https://files.example/remote.txt' not followed (no network access)"),
    )  # fmt: skip


def test_dev_requirements_file_marks_everything_dev() -> None:
    parsed = parse("requirements/requirements-dev.txt")
    assert all(p.dev for p in parsed.packages)
    assert parsed.packages[-1].name == "pytest"
    assert parsed.packages[-1].file == "requirements/requirements-dev.txt"
    # Problems inside the included file are reported at the -r line, naming the file and line.
    assert (1, "requirements/requirements.txt:22: unknown option --frobnicate") in parsed.problems


def test_requirements_include_loop_ends() -> None:
    parsed = parse("requirements_loop/requirements.txt")
    assert [(p.name, p.file) for p in parsed.packages] == [
        ("first", "requirements_loop/requirements.txt"),
        ("second", "requirements_loop/requirements-b.txt"),
    ]
    assert parsed.locked
    assert parsed.problems == (
        (
            2,
            "requirements_loop/requirements-b.txt:2: include loop "
            "(requirements.txt -> requirements-b.txt -> requirements.txt); not followed again",
        ),
    )


def test_requirements_include_may_reach_the_scan_root(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "base.txt").write_text("six==1.16.0\n")
    (tmp_path / "fn").mkdir()
    (tmp_path / "fn" / "requirements.txt").write_text("-r ../shared/base.txt\n")
    refused = parse_manifest(tmp_path / "fn" / "requirements.txt")
    assert not refused.packages and "outside the scanned folder" in refused.problems[0][1]
    allowed = parse_manifest(tmp_path / "fn" / "requirements.txt", "fn/requirements.txt", root=tmp_path)
    assert [(p.name, p.file) for p in allowed.packages] == [("six", "shared/base.txt")]


def test_pip_compile_output_is_locked(tmp_path: Path) -> None:
    parsed = parse("python_exported/requirements.txt")
    assert parsed.locked
    assert [(p.name, p.version, p.line) for p in parsed.packages] == [
        ("certifi", "2024.2.2", 1),
        ("requests", "2.31.0", 3),
    ]


def test_requirements_in_utf16_with_bom_is_read_like_pip_does(tmp_path: Path) -> None:
    # What PowerShell's `pip freeze > requirements.txt` writes.
    path = tmp_path / "requirements.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "boto3==1.34.0\r\nrequests>=2\r\n".encode("utf-16-le"))
    parsed = parse_manifest(path)
    assert [(p.name, p.version) for p in parsed.packages] == [("boto3", "1.34.0"), ("requests", None)]
    assert parsed.problems == ()


def test_pyproject_pep621_extras_and_groups() -> None:
    parsed = parse("python_pep621/pyproject.toml")
    assert parsed.kind == "pyproject.toml (PEP 621)"
    assert not parsed.locked
    assert rows(parsed) == [
        ("boto3", None, 9, False, True, "range"),
        ("aws-lambda-powertools", "2.30.2", 10, False, True, "exact"),
        ("jinja2", None, 11, False, True, "range"),
        ("internal", None, 12, False, True, "url"),
        ("orjson", "3.9.10", 17, False, True, "exact"),
        ("pytest", None, 18, True, True, "range"),  # extra named "test"
        ("ruff", "0.3.0", 21, True, True, "exact"),  # dependency groups never ship
        ("mypy", None, 22, True, True, "range"),
        ("coverage", None, 25, True, True, "range"),  # [tool.uv] dev-dependencies
    ]
    assert parsed.problems == (
        (13, "invalid requirement 'bad requirement ((': Expected semicolon (after name with no version "
         "specifier) or end"),
    )  # fmt: skip


def test_pyproject_poetry_tables() -> None:
    parsed = parse("python_poetry/pyproject.toml")
    assert parsed.kind == "pyproject.toml (Poetry)"
    assert rows(parsed) == [
        ("aws-lambda-powertools", None, 8, False, True, "range"),
        ("requests", "2.31.0", 9, False, True, "exact"),  # a bare version is exact in Poetry
        ("pydantic", "2.5.2", 10, False, True, "exact"),
        ("shared", None, 11, False, True, "local"),
        ("forked", None, 12, False, True, "url"),
        ("numpy", None, 13, False, True, "range"),  # one exact version per Python version
        ("pytest", None, 19, True, True, "range"),
        ("moto", None, 20, True, True, "range"),
        ("orjson", None, 23, False, True, "range"),  # the "main" group ships
    ]
    assert {p.name: p.spec for p in parsed.packages}["numpy"] == "1.26.4 || 1.24.4"


def test_poetry_lock_groups_and_sources() -> None:
    parsed = parse("python_poetry/poetry.lock")
    assert parsed.kind == "poetry.lock 2.1"
    assert parsed.locked
    assert rows(parsed) == [
        ("aws-lambda-powertools", "2.30.2", 3, False, False, "exact"),
        ("forked", None, 17, False, False, "url"),
        ("iniconfig", "2.0.0", 32, True, False, "exact"),
        ("pytest", "8.0.2", 41, True, False, "exact"),
        ("requests", "2.31.0", 53, False, False, "exact"),
        ("typing-extensions", "4.9.0", 76, False, False, "exact"),  # groups main and dev: ships
    ]
    assert parsed.packages[1].spec == "git+https://git.example/org/forked.git@1a2b3c4d5e6f"
    names = [p.name for p in parsed.packages]
    assert "shared" not in names  # a directory source is the project's own code
    assert (names.index("pytest"), names.index("iniconfig")) in parsed.edges


def test_poetry1_lock_category() -> None:
    parsed = parse("python_poetry1/poetry.lock")
    assert parsed.kind == "poetry.lock 1.1"
    assert [(p.name, p.version, p.dev) for p in parsed.packages] == [
        ("jinja2", "3.1.3", False),
        ("black", "23.1.0", True),
    ]


def test_uv_lock_walks_groups_for_dev() -> None:
    parsed = parse("python_uv/uv.lock")
    assert parsed.kind == "uv.lock v1"
    assert rows(parsed) == [
        ("anyio", "4.4.0", 5, False, True, "exact"),
        ("idna", "3.7", 15, False, False, "exact"),
        ("iniconfig", "2.0.0", 20, True, False, "exact"),  # only pytest needs it
        ("private-lib", None, 54, False, True, "url"),
        ("pytest", "8.2.0", 59, True, True, "exact"),
        ("sniffio", "1.3.1", 68, False, False, "exact"),  # pytest and anyio both need it: ships
        ("uvloop", "0.19.0", 73, False, True, "exact"),  # an extra of the project
    ]
    assert "orders" not in [p.name for p in parsed.packages]  # the editable project itself


def test_pipfile_categories() -> None:
    parsed = parse("python_pipenv/Pipfile")
    assert rows(parsed) == [
        ("requests", None, 7, False, True, "range"),
        ("boto3", "1.34.0", 8, False, True, "exact"),
        ("urllib3", "2.2.1", 9, False, True, "exact"),
        ("pyjwt", None, 10, False, True, "range"),
        ("shared", None, 11, False, True, "local"),
        ("gitdep", None, 12, False, True, "url"),
        ("pytest", None, 15, True, True, "range"),
    ]


def test_pipfile_lock_default_and_develop() -> None:
    parsed = parse("python_pipenv/Pipfile.lock")
    assert parsed.kind == "Pipfile.lock (spec 6)"
    assert rows(parsed) == [
        ("boto3", "1.34.0", 19, False, False, "exact"),
        ("gitdep", None, 26, False, False, "url"),
        ("pyjwt", "2.8.0", 30, False, False, "exact"),
        ("requests", "2.31.0", 36, False, False, "exact"),
        ("urllib3", "2.2.1", 43, False, False, "exact"),
        ("pytest", "8.0.2", 48, True, False, "exact"),
    ]
    assert parsed.problems == ((51, "develop.broken: entry must be an object"),)


def test_pypi_names_are_normalised() -> None:
    names = {p.name for rel in ("requirements/requirements.txt", "python_pipenv/Pipfile.lock")
             for p in parse(rel).packages}  # fmt: skip
    assert {"flask-cors", "pyyaml", "pyjwt"} <= names
    assert all(name == name.lower() and "_" not in name for name in names)
    assert all(p.ecosystem is Ecosystem.PYPI for p in parse("python_uv/uv.lock").packages)


def test_pins_align_with_packages() -> None:
    for rel in ("requirements/requirements.txt", "python_uv/uv.lock", "python_pipenv/Pipfile"):
        parsed = parse(rel)
        assert len(parsed.pins) == len(parsed.packages)
        for index, package in enumerate(parsed.packages):
            assert (parsed.pin(index) is Pin.EXACT) == (package.version is not None)
