"""Hostile and broken input: every file ends in a one-line problem, never a traceback or a hang."""

from __future__ import annotations

import codecs
import json
import random
import time
from dataclasses import replace
from pathlib import Path

import pytest

from faasguard.deps.manifests import DEFAULT_MAX_BYTES, Parsed, parse_manifest

NAMES = [
    "requirements.txt", "pyproject.toml", "Pipfile", "Pipfile.lock", "poetry.lock", "uv.lock",
    "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
    "pom.xml", "go.mod", "go.sum", "Gemfile", "Gemfile.lock", "Cargo.toml", "Cargo.lock",
]  # fmt: skip
# Formats where an empty file is a valid "no dependencies" (every tool accepts it).
EMPTY_IS_VALID = {"requirements.txt", "pyproject.toml", "Pipfile", "Gemfile", "Cargo.toml"}


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def one_line(parsed: Parsed) -> None:
    for line, message in parsed.problems:
        assert isinstance(line, int) and line >= 0
        assert message and "\n" not in message and "Traceback" not in message


def big_package_lock(count: int, padding: int = 0) -> str:
    """A package-lock.json v3 with ``count`` packages, every third one dev."""
    packages: dict[str, object] = {
        "": {"name": "big", "version": "1.0.0", "dependencies": {"pkg-0": "^1.0.0"}}
    }
    for n in range(count):
        entry: dict[str, object] = {
            "version": f"1.{n % 50}.{n % 7}",
            "resolved": f"https://registry.example/pkg-{n}/-/pkg-{n}-1.0.0.tgz",
            "integrity": "sha512-" + "A" * (86 + padding),
            "dependencies": {f"pkg-{n + 1}": "^1.0.0"},
        }
        if n % 3 == 0:
            entry["dev"] = True
        packages[f"node_modules/pkg-{n}"] = entry
    return json.dumps({"name": "big", "lockfileVersion": 3, "requires": True, "packages": packages}, indent=2)


def test_oversized_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "package-lock.json"
    with path.open("wb") as handle:  # sparse: costs no disk, and must cost no reading either
        handle.truncate(100 * 1024 * 1024)
    start = time.perf_counter()
    parsed = parse_manifest(path)
    assert time.perf_counter() - start < 1
    assert parsed.packages == ()
    assert parsed.problems == ((0, "file is too large (100.0 MiB, limit 64.0 MiB); not read"),)
    assert DEFAULT_MAX_BYTES == 64 * 1024 * 1024


def test_size_limit_is_a_parameter(tmp_path: Path) -> None:
    path = write(tmp_path, "requirements.txt", "boto3==1.34.0\n" * 100)
    assert parse_manifest(path, max_bytes=100).problems == (
        (0, "file is too large (0.0 MiB, limit 0.0 MiB); not read"),
    )
    assert len(parse_manifest(path, max_bytes=10_000).packages) == 100


def test_thirty_megabyte_lockfile_still_parses(tmp_path: Path) -> None:
    path = write(tmp_path, "package-lock.json", big_package_lock(20_000, padding=1400))
    assert path.stat().st_size > 30 * 1024 * 1024
    parsed = parse_manifest(path)
    assert parsed.problems == ()
    assert len(parsed.packages) == 20_000


def test_fifty_thousand_packages(tmp_path: Path) -> None:
    text = big_package_lock(50_000)
    path = write(tmp_path, "package-lock.json", text)
    start = time.perf_counter()
    parsed = parse_manifest(path, "package-lock.json")
    elapsed = time.perf_counter() - start  # about a second; the bound only catches quadratic blow-ups
    assert elapsed < 15
    assert parsed.problems == () and len(parsed.packages) == 50_000
    lines = text.splitlines()
    for package in parsed.packages[::997]:
        assert lines[package.line - 1].strip() == f'"node_modules/{package.name}": {{'
    assert sum(p.dev for p in parsed.packages) == 16_667
    assert [p.name for p in parsed.packages if p.direct] == ["pkg-0"]


def test_fifty_thousand_packages_pnpm(tmp_path: Path) -> None:
    head = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    devDependencies:\n"
    head += "      pkg-0:\n        specifier: ^1.0.0\n        version: 1.0.0\n\npackages:\n\n"
    body = "".join(
        f"  pkg-{n}@1.0.{n % 9}:\n    resolution: {{integrity: sha512-x}}\n\n" for n in range(50_000)
    )
    parsed = parse_manifest(write(tmp_path, "pnpm-lock.yaml", head + body + "snapshots: {}\n"))
    assert parsed.problems == () and len(parsed.packages) == 50_000
    assert parsed.packages[1].line == 16


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("package-lock.json", '{\n  "lockfileVersion": 3,\n  "packages": {\n    "x": \n}\n',
         (5, "invalid JSON: Expecting value (column 1)")),
        ("package.json", "{\n  'name': 1\n}\n",
         (2, "invalid JSON: Expecting property name enclosed in double quotes (column 3)")),
        ("Pipfile.lock", "[1, 2", (1, "invalid JSON: Expecting ',' delimiter (column 6)")),
        ("poetry.lock", '[[package]]\nname = "a"\nversion = \n',
         (3, "invalid TOML: Invalid value (column 11)")),
        ("Cargo.toml", "[dependencies]\nserde = { version = 1\n",
         (2, "invalid TOML: Unclosed inline table (column 22)")),
        ("pyproject.toml", "[project]\n[project]\n",
         (2, "invalid TOML: Cannot declare ('project',) twice (column 9)")),
        ("pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  a: [\n",
         (4, "invalid YAML: did not find expected node content")),
        ("yarn.lock", "__metadata:\n  version: 8\n\"a@npm:1\": {\n",
         (4, "invalid YAML: did not find expected node content")),
        ("pom.xml", "<project>\n  <dependencies>\n</project>\n", (3, "invalid XML: mismatched tag")),
        ("pom.xml", "<notpom/>\n", (1, "not a Maven POM: root element is <notpom>")),
    ],
)  # fmt: skip
def test_malformed_documents_point_at_their_line(
    tmp_path: Path, name: str, text: str, expected: tuple[int, str]
) -> None:
    parsed = parse_manifest(write(tmp_path, name, text))
    assert parsed.packages == ()
    assert parsed.problems == (expected,)


@pytest.mark.parametrize("name", NAMES)
def test_binary_garbage(tmp_path: Path, name: str) -> None:
    data = bytes(random.Random(name).randrange(256) for _ in range(4096)) + b"\x00\x01"
    parsed = parse_manifest(write(tmp_path, name, data))
    assert parsed.packages == ()
    assert parsed.problems == ((0, "binary file, not a manifest or lockfile"),)


@pytest.mark.parametrize("name", NAMES)
def test_empty_file(tmp_path: Path, name: str) -> None:
    parsed = parse_manifest(write(tmp_path, name, ""))
    assert parsed.packages == ()
    assert not parsed.locked
    if name in EMPTY_IS_VALID:
        assert parsed.problems == ()
    else:
        assert len(parsed.problems) == 1 and parsed.problems[0][0] == 1
        assert "empty file" in parsed.problems[0][1]


@pytest.mark.parametrize("name", NAMES)
def test_random_text_never_raises(tmp_path: Path, name: str) -> None:
    rng = random.Random(name)
    alphabet = "abc:=-_@/ \n\t\"'{}[]()<>#$.,!*&|~^0123456789"
    for round_ in range(20):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 600)))
        parsed = parse_manifest(write(tmp_path, name, text))
        one_line(parsed)
        assert not any("faasguard bug" in message for _, message in parsed.problems), (round_, text)


def test_utf16_lockfile_is_read_with_a_problem(tmp_path: Path) -> None:
    text = '{"lockfileVersion": 3, "packages": {"node_modules/a": {"version": "1.0.0"}}}'
    path = write(tmp_path, "package-lock.json", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    parsed = parse_manifest(path)
    assert [(p.name, p.version) for p in parsed.packages] == [("a", "1.0.0")]
    assert parsed.problems == ((1, "UTF-16 encoded; read anyway, but the tool expects UTF-8"),)


def test_utf16_without_bom(tmp_path: Path) -> None:
    parsed = parse_manifest(write(tmp_path, "go.sum", "example.com/m v1.0.0 h1:x=\n".encode("utf-16-le")))
    assert [p.name for p in parsed.packages] == ["example.com/m"]
    message = "UTF-16 encoded without a byte order mark; read anyway, expected UTF-8"
    assert parsed.problems == ((1, message),)


def test_latin1_is_reported_and_the_rest_still_read(tmp_path: Path) -> None:
    text = '[[package]]\nname = "a"\nversion = "1.0"\ndescription = "caf\xe9"\n\n'
    text += '[metadata]\nlock-version = "2.0"\n'
    parsed = parse_manifest(write(tmp_path, "poetry.lock", text.encode("latin-1")))
    assert [(p.name, p.version) for p in parsed.packages] == [("a", "1.0")]
    message = "not valid UTF-8 (byte 0xe9, probably Latin-1); read with replacement characters, "
    message += "save the file as UTF-8"
    assert parsed.problems == ((4, message),)


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    text = "lockfileVersion: '9.0'\n" + "\n".join(levels) + "\npackages:\n  a@1.0.0: *a9\n"
    parsed = parse_manifest(write(tmp_path, "pnpm-lock.yaml", text))
    assert parsed.packages == ()
    assert parsed.problems == ((2, "YAML aliases are refused in lockfiles"),)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("package-lock.json", "[" * 200_000 + "]" * 200_000),
        ("Cargo.lock", "x = " + "[" * 100_000 + "]" * 100_000),
        ("pnpm-lock.yaml", "a: " + "[" * 100_000 + "]" * 100_000),
        ("pom.xml", "<a>" * 10_000 + "</a>" * 10_000),
    ],
)
def test_deep_nesting(tmp_path: Path, name: str, text: str) -> None:
    parsed = parse_manifest(write(tmp_path, name, text))
    assert parsed.packages == ()
    assert len(parsed.problems) == 1
    one_line(parsed)


def test_problems_are_capped(tmp_path: Path) -> None:
    parsed = parse_manifest(write(tmp_path, "yarn.lock", "not an entry\n" * 1000))
    assert len(parsed.problems) == 51
    assert parsed.problems[-1] == (0, "950 more problems not shown")


def test_paths_that_are_not_files(tmp_path: Path) -> None:
    (tmp_path / "go.mod").mkdir()
    assert parse_manifest(tmp_path / "go.mod").problems == ((0, "is a directory, not a file"),)
    missing = parse_manifest(tmp_path / "sub" / "Gemfile.lock", root=tmp_path)
    assert missing.problems == ((0, "cannot read file: No such file or directory"),)
    unknown = parse_manifest(write(tmp_path, "setup.py", "import os"))
    assert unknown.kind == "unknown" and unknown.problems == (
        (0, "setup.py is not a known manifest or lockfile name"),
    )


def test_a_parser_bug_costs_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from faasguard.deps.manifests import _formats

    def broken(text: str, out: object, ctx: object) -> tuple[str, bool]:
        raise KeyError("boom")

    monkeypatch.setitem(_formats._BY_NAME, "go.sum", replace(_formats._BY_NAME["go.sum"], parse=broken))
    parsed = parse_manifest(write(tmp_path, "go.sum", "example.com/m v1.0.0 h1:x=\n"))
    assert parsed.problems == (
        (0, "could not be read (KeyError: \"'boom'\"); please report this as a faasguard bug"),
    )


def test_problem_messages_mask_credentials(tmp_path: Path) -> None:
    parsed = parse_manifest(write(tmp_path, "requirements.txt", "lib @@ https://ci:hunter2@git.example/x\n"))
    assert len(parsed.problems) == 1
    assert "hunter2" not in parsed.problems[0][1] and "***@git.example" in parsed.problems[0][1]
