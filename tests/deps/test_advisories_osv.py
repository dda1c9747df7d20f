"""Reading OSV records and deciding which versions they affect."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faasguard.deps.advisories import OsvRecord, RecordError, Severity, parse_record
from faasguard.deps.advisories._osv import ecosystem_of, fixes_if_affected
from faasguard.deps.advisories._severity import cvss_base_score, pick_severity
from faasguard.deps.advisories._versions import VersionCache
from faasguard.deps.packages import Ecosystem

OSV = Path(__file__).parent.parent / "data" / "deps" / "osv"


def record(name: str) -> OsvRecord:
    return parse_record(json.loads((OSV / f"{name}.json").read_text(encoding="utf-8")))


def fixes(advisory: str, ecosystem: Ecosystem, package: str, version: str) -> tuple[str, ...] | None:
    return fixes_if_affected(record(advisory).affected, package, version, VersionCache(ecosystem))


def test_parse_keeps_what_an_advisory_needs() -> None:
    parsed = record("PYSEC-2099-1")
    assert parsed.id == "PYSEC-2099-1"
    assert parsed.aliases == ("CVE-2099-0001", "GHSA-2222-3333-4444")
    assert parsed.summary == "Template injection in demo-web"
    assert parsed.references == (  # duplicates dropped, order kept
        "https://example.invalid/advisories/PYSEC-2099-1",
        "https://example.invalid/demo-web/commit/0123456",
    )
    assert parsed.severity == Severity("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "critical")
    assert not parsed.withdrawn
    assert record("PYSEC-2099-3").withdrawn


def test_summary_falls_back_to_the_first_line_of_details() -> None:
    assert record("PYSEC-2099-2").summary == "Path traversal in the static file handler of demo-web."
    assert record("PYSEC-2099-2").severity is None


@pytest.mark.parametrize(
    "data",
    [[], {"affected": []}, {"id": ""}, {"id": "X-1", "affected": "nope"}, {"id": "X-1", "aliases": [1]}],
)
def test_malformed_records_raise_record_error(data: object) -> None:
    with pytest.raises(RecordError):
        parse_record(data)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1", ("2.0.1", "3.0.5")),
        ("2.0.0", ("2.0.1", "3.0.5")),
        ("2.0.1", None),  # fixed is not affected
        ("2.5", None),  # between the two windows
        ("3.0", ("3.0.5",)),
        ("3.0.4.post1", ("3.0.5",)),
        ("3.0.5", None),
        ("4.0", None),
    ],
)
def test_introduced_and_fixed_windows(version: str, expected: tuple[str, ...] | None) -> None:
    # The record names the package "Demo_Web"; PEP 503 makes it demo-web.
    assert fixes("PYSEC-2099-1", Ecosystem.PYPI, "demo-web", version) == expected


@pytest.mark.parametrize(
    ("version", "affected"), [("1.4", False), ("1.5", True), ("1.9", True), ("1.9.1", False)]
)
def test_last_affected_is_inclusive(version: str, affected: bool) -> None:
    result = fixes("PYSEC-2099-2", Ecosystem.PYPI, "demo-web", version)
    assert (result is not None) is affected
    assert result in (None, ())  # last_affected names no fix


def test_versions_list_matches_equal_spellings_and_git_ranges_are_ignored() -> None:
    assert fixes("GHSA-5555-6666-7777", Ecosystem.PYPI, "demo-cli", "0.9") == ()
    assert fixes("GHSA-5555-6666-7777", Ecosystem.PYPI, "Demo.CLI", "1.0rc1") == ()  # == 1.0.0rc1
    assert fixes("GHSA-5555-6666-7777", Ecosystem.PYPI, "demo-cli", "1.0") is None


def test_semver_range_with_prereleases_and_limit() -> None:
    assert fixes("GHSA-8888-9999-cccc", Ecosystem.NPM, "left-padder", "1.2.3-beta.1") == ("1.2.3",)
    assert fixes("GHSA-8888-9999-cccc", Ecosystem.NPM, "left-padder", "1.2.3") is None
    assert fixes("GHSA-8888-9999-cccc", Ecosystem.NPM, "@demo/scoped", "1.9.9") is None
    assert fixes("GHSA-8888-9999-cccc", Ecosystem.NPM, "@demo/scoped", "2.4.9") == ()
    assert fixes("GHSA-8888-9999-cccc", Ecosystem.NPM, "@demo/scoped", "2.5.0") is None  # at the limit


def test_entries_of_other_ecosystems_do_not_match() -> None:
    assert fixes("GHSA-8888-9999-cccc", Ecosystem.PYPI, "left-padder", "9.9") == ()
    assert fixes("GHSA-8888-9999-cccc", Ecosystem.PYPI, "@demo/scoped", "2.4.9") is None


def test_maven_ranges_and_repository_suffix() -> None:
    assert fixes("GHSA-hhhh-jjjj-mmmm", Ecosystem.MAVEN, "org.example:demo-core", "1.5.2-SNAPSHOT") == (
        "1.5.2",
        "2.0.0-RC2",
    )
    assert fixes("GHSA-hhhh-jjjj-mmmm", Ecosystem.MAVEN, "org.example:demo-core", "2.0.0-RC1") == (
        "2.0.0-RC2",
    )
    assert fixes("GHSA-hhhh-jjjj-mmmm", Ecosystem.MAVEN, "org.example:demo-core", "2.0.0.Final") is None
    assert fixes("GHSA-hhhh-jjjj-mmmm", Ecosystem.MAVEN, "org.example:demo-extra", "3.0") == ("3.1",)
    assert ecosystem_of("Maven:https://repo.example.invalid/maven2") is Ecosystem.MAVEN
    assert ecosystem_of("Debian:12") is None


def test_go_ranges_take_v_prefixed_and_pseudo_versions() -> None:
    go = "example.com/demo/mod"
    assert fixes("GO-2099-0001", Ecosystem.GO, go, "v0.0.0-20200101000000-abcdefabcdef") == ("0.3.1", "2.1.0")
    assert fixes("GO-2099-0001", Ecosystem.GO, go, "v0.3.1") is None
    assert fixes("GO-2099-0001", Ecosystem.GO, go, "v2.0.0+incompatible") == ("2.1.0",)


def test_crates_and_rubygems() -> None:
    assert fixes("RUSTSEC-2099-0001", Ecosystem.CRATES, "demo-crate", "0.7.9") == ("0.8.0",)
    assert fixes("GHSA-vvvv-wwww-xxxx", Ecosystem.RUBYGEMS, "demo_gem", "6.0.3.rc1") == ("6.0.3.1",)
    assert fixes("GHSA-vvvv-wwww-xxxx", Ecosystem.RUBYGEMS, "demo_gem", "5.2.4.3") is None


def test_unreadable_bounds_never_hide_a_vulnerability() -> None:
    # With a versions list, the list decides; without one, the range only widens.
    assert fixes("GHSA-2345-6789-cfgh", Ecosystem.PYPI, "demo-odd", "1.1") == ()
    assert fixes("GHSA-2345-6789-cfgh", Ecosystem.PYPI, "demo-odd", "9.0") is None
    assert fixes("GHSA-2345-6789-cfgh", Ecosystem.PYPI, "demo-odd-unlisted", "9.0") == ()
    assert fixes("GHSA-2345-6789-cfgh", Ecosystem.PYPI, "demo-odd-unlisted", "0.9") is None


@pytest.mark.parametrize(
    ("vector", "score"),
    [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
        ("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
        ("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5),
        ("AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", None),
        ("CVSS:3.1/AV:X", None),
    ],
)
def test_cvss_base_scores(vector: str, score: float | None) -> None:
    assert cvss_base_score(vector) == score


def test_severity_prefers_a_database_rating_for_the_level() -> None:
    assert record("GHSA-8888-9999-cccc").severity == Severity(
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N", None, "medium"
    )
    assert record("GHSA-5555-6666-7777").severity == Severity(None, None, "high")
    assert pick_severity([("Ubuntu", "high")], "unheard-of") is None
