"""Maven, Go, Bundler and Cargo manifests and lockfiles."""

from __future__ import annotations

from pathlib import Path

from faasguard.deps.manifests import Parsed, parse_manifest
from faasguard.deps.packages import Ecosystem

DATA = Path(__file__).parents[1] / "data" / "deps" / "manifests"


def parse(rel: str) -> Parsed:
    return parse_manifest(DATA / rel, rel)


def rows(parsed: Parsed) -> list[tuple[str, str | None, int, bool, bool, str]]:
    """(name, version, line, dev, direct, pin) per package."""
    return [
        (p.name, p.version, p.line, p.dev, p.direct, parsed.pin(i).value)
        for i, p in enumerate(parsed.packages)
    ]


def test_pom_properties_management_scopes_and_profiles() -> None:
    parsed = parse("maven/pom.xml")
    assert parsed.kind == "pom.xml"
    assert not parsed.locked  # a range and unresolved versions
    assert rows(parsed) == [
        (
            "com.fasterxml.jackson.core:jackson-databind",
            "2.15.3",
            39,
            False,
            True,
            "exact",
        ),  # ${jackson.version}
        ("org.slf4j:slf4j-api", "2.0.9", 30, False, True, "exact"),  # from dependencyManagement, at its line
        ("software.amazon.awssdk:s3", None, 45, False, True, "unresolved"),  # from an imported BOM
        ("com.example:shared", "1.4.0", 52, False, True, "exact"),  # ${project.groupId} from <parent>
        ("junit:junit", "4.13.2", 57, True, True, "exact"),  # scope test
        ("javax.servlet:servlet-api", "2.5", 63, True, True, "exact"),  # scope provided
        ("commons-io:commons-io", None, 69, False, True, "range"),
        ("org.example:unknown", None, 74, False, True, "unresolved"),
        ("org.postgresql:postgresql", "42.7.1", 88, False, True, "exact"),  # in a profile
    ]
    specs = {p.name: p.spec for p in parsed.packages}
    assert specs["software.amazon.awssdk:s3"] == "managed by software.amazon.awssdk:bom:2.21.0"
    assert specs["org.example:unknown"] == "${undefined.version}"
    assert "org.apache.maven.plugins:maven-shade-plugin" not in specs  # build plugins never ship
    assert parsed.problems == ((76, "dependency without groupId or artifactId"),)
    assert all(p.ecosystem is Ecosystem.MAVEN for p in parsed.packages)


def test_pom_with_only_exact_versions_pins_the_tree(tmp_path: Path) -> None:
    path = tmp_path / "pom.xml"
    path.write_text(
        "<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
        "<version>1.0</version></dependency></dependencies></project>"
    )
    parsed = parse_manifest(path)
    assert parsed.locked
    assert [(p.name, p.version, p.line) for p in parsed.packages] == [("g:a", "1.0", 1)]


def test_pom_entity_bomb_is_refused() -> None:
    parsed = parse("maven_bomb/pom.xml")
    assert parsed.packages == ()
    assert parsed.problems == (
        (1, "DOCTYPE and ENTITY declarations are refused (entity expansion, external entities)"),
    )


def test_pom_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    path = tmp_path / "pom.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        "<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
        "<version>&x;</version></dependency></dependencies></project>\n"
    )
    parsed = parse_manifest(path)
    assert parsed.packages == ()
    assert "refused" in parsed.problems[0][1]
    assert "TOP-SECRET" not in repr(parsed)


def test_pom_property_expansion_bomb_stays_unresolved(tmp_path: Path) -> None:
    props = "".join(f"<p{n}>${{p{n + 1}}}${{p{n + 1}}}${{p{n + 1}}}${{p{n + 1}}}</p{n}>" for n in range(30))
    path = tmp_path / "pom.xml"
    path.write_text(
        f"<project><properties>{props}<p30>boom</p30></properties><dependencies><dependency>"
        "<groupId>g</groupId><artifactId>a</artifactId><version>${p0}</version></dependency>"
        "</dependencies></project>"
    )
    parsed = parse_manifest(path)
    assert [(p.name, p.version) for p in parsed.packages] == [("g:a", None)]
    assert parsed.problems == (
        (0, "property values expand beyond 4096 characters (expansion bomb?); left unresolved"),
    )


def test_pom_never_reads_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "pom.xml"
    path.write_text(
        "<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
        "<version>${env.HOME}</version></dependency></dependencies></project>"
    )
    assert [p.spec for p in parse_manifest(path).packages] == ["${env.HOME}"]


def test_go_mod_requires_replaces_and_indirect() -> None:
    parsed = parse("go/go.mod")
    assert parsed.kind == "go.mod"
    assert parsed.locked  # go 1.17+ lists the whole module graph
    assert rows(parsed) == [
        ("github.com/aws/aws-lambda-go", "1.46.0", 8, False, True, "exact"),
        ("github.com/aws/aws-sdk-go-v2", "1.24.1", 9, False, True, "exact"),
        ("golang.org/x/net", "0.20.0", 10, False, False, "exact"),  # replaced by a newer version
        ("example.com/internal/shared", None, 11, False, True, "local"),  # replaced by a directory
        ("github.com/old/lib", "1.2.0+incompatible", 12, False, False, "exact"),
        ("github.com/google/uuid", "1.5.0", 15, False, True, "exact"),
    ]
    assert parsed.packages[2].spec == "golang.org/x/net v0.19.0 => golang.org/x/net v0.20.0"
    assert parsed.problems == ()


def test_go_mod_before_1_17_is_not_complete() -> None:
    assert not parse("go_old/go.mod").locked


def test_go_mod_problems(tmp_path: Path) -> None:
    path = tmp_path / "go.mod"
    path.write_text("module x\n\nfrobnicate y\nrequire (\n\tonly.one/field\n")
    assert parse_manifest(path).problems == (
        (3, "unknown go.mod directive 'frobnicate'"),
        (0, "require block is never closed"),
        (5, "require needs a module and a version, got 'only.one/field'"),
    )


def test_go_sum_skips_go_mod_only_lines() -> None:
    parsed = parse("go_old/go.sum")
    assert rows(parsed) == [
        ("github.com/aws/aws-lambda-go", "1.28.0", 1, False, False, "exact"),
        ("github.com/stretchr/testify", "1.6.1", 3, False, False, "exact"),
        ("github.com/stretchr/testify", "1.7.0", 4, False, False, "exact"),
        ("github.com/stretchr/testify", "1.7.0-rc.1", 5, False, False, "exact"),
    ]
    assert parsed.problems == ((7, "expected 'module version hash', got 'not a go.sum line'"),)


def test_gemfile_groups_and_sources() -> None:
    parsed = parse("ruby/Gemfile")
    assert parsed.kind == "Gemfile"
    assert rows(parsed) == [
        ("rails", None, 5, False, True, "range"),
        ("pg", "1.5.4", 6, False, True, "exact"),
        ("nokogiri", None, 7, False, True, "range"),
        ("internal", None, 8, False, True, "url"),
        ("vendored", None, 9, False, True, "local"),
        ("rspec-rails", None, 10, True, True, "range"),  # group: :test
        ("rubocop", None, 13, True, True, "range"),  # group :development, :test do
        ("debug", None, 14, True, True, "range"),
        ("lograge", None, 18, False, True, "range"),  # group :production ships
        ("jruby-openssl", None, 22, False, True, "range"),  # a platforms block is not a group
    ]
    specs = {p.name: p.spec for p in parsed.packages}
    assert specs["nokogiri"] == ">= 1.15, < 2"
    assert specs["internal"] == "https://git.example/org/internal.git@main"


def test_gemfile_lock_platforms_git_and_dependencies() -> None:
    parsed = parse("ruby/Gemfile.lock")
    assert parsed.kind == "Gemfile.lock" and parsed.locked
    assert rows(parsed) == [
        ("internal", None, 6, False, True, "url"),
        ("actionpack", "7.1.2", 17, False, False, "exact"),
        ("debug", "1.9.1", 19, False, True, "exact"),
        ("irb", "1.11.0", 21, False, False, "exact"),
        ("jruby-openssl", "0.14.2", 22, False, True, "exact"),  # -java suffix dropped
        ("lograge", "0.14.0", 23, False, True, "exact"),
        ("nokogiri", "1.15.5", 25, False, True, "exact"),  # two platforms, one package
        ("pg", "1.5.4", 29, False, True, "exact"),
        ("racc", "1.7.3", 30, False, False, "exact"),
        ("rack", "3.0.8", 31, False, False, "exact"),
        ("rails", "7.1.2", 32, False, True, "exact"),
        ("rspec-core", "3.12.2", 34, False, False, "exact"),
        ("rspec-rails", "6.1.0", 35, False, True, "exact"),
        ("rubocop", "1.59.0", 38, False, True, "exact"),
    ]
    assert parsed.packages[0].spec == "https://git.example/org/internal.git@0123456789abcdef"
    assert all(p.ecosystem is Ecosystem.RUBYGEMS for p in parsed.packages)


def test_cargo_toml_tables() -> None:
    parsed = parse("rust/Cargo.toml")
    assert rows(parsed) == [
        ("lambda_runtime", None, 7, False, True, "range"),  # "0.9" means ^0.9 to Cargo
        ("serde", "1.0.195", 8, False, True, "exact"),
        ("tokio", None, 9, False, True, "range"),
        ("shared", None, 10, False, True, "local"),
        ("forked", None, 11, False, True, "url"),
        ("serde_json", None, 12, False, True, "range"),  # renamed with package =
        ("mockall", None, 15, True, True, "range"),
        ("cc", None, 18, True, True, "range"),  # build dependencies are not linked in
        ("libc", None, 21, False, True, "range"),  # [target.'cfg(unix)'.dependencies]
    ]


def test_cargo_lock_registry_git_and_members() -> None:
    parsed = parse("rust/Cargo.lock")
    assert parsed.kind == "Cargo.lock v3"
    assert rows(parsed) == [
        ("cc", "1.0.83", 5, False, True, "exact"),
        ("forked", None, 14, False, True, "url"),
        ("lambda_runtime", "0.9.1", 34, False, True, "exact"),
        ("libc", "0.2.152", 43, False, True, "exact"),
        ("mockall", "0.12.1", 48, False, True, "exact"),
        ("predicates", "3.1.0", 56, False, False, "exact"),
        ("serde", "0.9.15", 61, False, False, "exact"),
        ("serde", "1.0.195", 66, False, True, "exact"),  # "serde 1.0.195" picks the version
        ("serde_json", "1.0.111", 71, False, True, "exact"),
        ("tokio", "1.35.1", 83, False, True, "exact"),
    ]
    assert "handler" not in [p.name for p in parsed.packages]  # the workspace member itself
    assert all(p.ecosystem is Ecosystem.CRATES for p in parsed.packages)
