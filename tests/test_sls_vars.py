"""Serverless Framework variable resolution: offline, safe, line-preserving."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from faasguard.loaders._nodes import LDict, LList
from faasguard.loaders._sls_vars import (
    MAX_DEPTH,
    Resolution,
    VariableOptions,
    resolve_variables,
)
from faasguard.loaders._yaml import parse_yaml
from faasguard.model import ExternalRef, Location, Unknown

FILE = "svc/serverless.yml"


def _resolve(tmp_path: Path, text: str, **options: Any) -> Resolution:
    service = tmp_path / "svc"
    service.mkdir(exist_ok=True)
    path = service / "serverless.yml"
    path.write_text(text, encoding="utf-8")
    doc = parse_yaml(text, FILE, yaml12=True)
    return resolve_variables(doc, file=FILE, path=path, root=tmp_path, options=VariableOptions(**options))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    target = tmp_path / "svc" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


# --- self, defaults, nesting ---------------------------------------------------


def test_plain_strings_and_scalars_unchanged(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "a: text\nb: 3\nc: true\nd: [x, 1]\ne: $notvar\n")
    assert res.doc == {"a": "text", "b": 3, "c": True, "d": ["x", 1], "e": "$notvar"}
    assert (res.problems, res.notes, res.unresolved) == ([], [], 0)


def test_self_references_keep_types(tmp_path: Path) -> None:
    text = (
        "custom:\n"  # 1
        "  mem: 512\n"  # 2
        "  on: true\n"  # 3
        "  tags: {team: a, env: b}\n"  # 4
        "  list: [1, 2]\n"  # 5
        "provider:\n"  # 6
        "  memorySize: ${self:custom.mem}\n"  # 7
        "  tracing: ${self:custom.on}\n"  # 8
        "  tags: ${self:custom.tags}\n"  # 9
        "  first: ${self:custom.list.1}\n"  # 10
        "  name: fn-${self:custom.mem}-${self:custom.on}\n"  # 11
    )
    res = _resolve(tmp_path, text)
    provider = res.doc["provider"]
    assert provider["memorySize"] == 512
    assert provider["tracing"] is True
    assert provider["tags"] == {"team": "a", "env": "b"}
    assert provider["first"] == 2
    assert provider["name"] == "fn-512-true"
    assert (res.problems, res.notes, res.unresolved) == ([], [], 0)


def test_self_copy_keeps_own_lines_and_output_is_new(tmp_path: Path) -> None:
    text = "custom:\n  tags:\n    team: a\n    env: b\nprovider:\n  tags: ${self:custom.tags}\n"
    doc = parse_yaml(text, FILE, yaml12=True)
    _write(tmp_path, "serverless.yml", text)
    res = resolve_variables(
        doc, file=FILE, path=tmp_path / "svc/serverless.yml", root=tmp_path, options=VariableOptions()
    )
    tags = res.doc["provider"]["tags"]
    assert isinstance(tags, LDict)
    assert tags.lines == {"team": 3, "env": 4}
    assert res.doc["provider"].lines == {"tags": 6}
    assert res.doc.lines == doc.lines
    assert res.doc is not doc and res.doc["custom"]["tags"] is not tags
    assert doc["provider"]["tags"] == "${self:custom.tags}"  # input untouched


def test_list_lines_preserved(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "custom:\n  n: 1\nitems:\n  - ${self:custom.n}\n  - b\n")
    items = res.doc["items"]
    assert isinstance(items, LList)
    assert items == [1, "b"] and items.lines == [4, 5]


def test_whole_document_reference_is_a_cycle(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "service: s\ncustom:\n  all: ${self:}\n")
    assert isinstance(res.doc["custom"]["all"], Unknown)
    assert res.problems[0][1].startswith("variable cycle: self: -> ")


def test_whole_document_reference_from_a_file(tmp_path: Path) -> None:
    _write(tmp_path, "names.yml", "full: ${self:service}-x\n")
    res = _resolve(tmp_path, "service: s\ncustom: ${file(./names.yml)}\n")
    assert res.doc["custom"] == {"full": "s-x"}


def test_defaults(tmp_path: Path) -> None:
    text = (
        "custom:\n"
        "  y: from-y\n"
        "a: ${self:custom.x, 'literal'}\n"
        'b: ${opt:stage, "dev"}\n'
        "c: ${env:X, ${self:custom.y}}\n"
        "d: ${opt:mem, 512}\n"
        "e: ${opt:a, opt:b, 'z'}\n"
        "f: ${opt:a, self:custom.y}\n"
        "g: ${opt:a, 1.5}\n"
        "h: ${opt:a, false}\n"
        "i: size-${opt:mem, 512}\n"
    )
    res = _resolve(tmp_path, text)
    assert {k: res.doc[k] for k in "abcdefghi"} == {
        "a": "literal",
        "b": "dev",
        "c": "from-y",
        "d": 512,
        "e": "z",
        "f": "from-y",
        "g": 1.5,
        "h": False,
        "i": "size-512",
    }
    assert (res.problems, res.notes, res.unresolved) == ([], [], 0)


def test_default_not_used_for_unknown_or_external(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "a: ${ssm:/x, 'fallback'}\nb: ${sls:instanceId, 'x'}\n")
    assert isinstance(res.doc["a"], ExternalRef)
    assert type(res.doc["b"]) is Unknown


def test_nested_variable_in_address(tmp_path: Path) -> None:
    text = (
        "custom:\n"
        "  dev: {memory: 256}\n"
        "  prod: {memory: 1024}\n"
        "memory: ${self:custom.${opt:stage, 'dev'}.memory}\n"
    )
    assert _resolve(tmp_path, text).doc["memory"] == 256
    assert _resolve(tmp_path, text, stage="prod").doc["memory"] == 1024


def test_missing_self_without_default(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "a: ${self:custom.nope}\n")
    assert res.doc["a"] == Unknown("${self:custom.nope} has no value: self:custom.nope is not defined")
    assert res.notes == [(Location(FILE, 1), res.doc["a"].reason)]
    assert res.unresolved == 1


def test_mixed_string_with_unknown_is_unknown_not_partial(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "a: arn:${ssm:/p}:x\nb: ${opt:x}-${opt:y}\n")
    assert type(res.doc["a"]) is Unknown
    assert res.doc["a"].reason == "ssm:/p is fetched from SSM Parameter Store at deploy time"
    assert type(res.doc["b"]) is Unknown
    assert res.unresolved == 3  # variable occurrences


def test_one_note_per_distinct_variable(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "a: ${opt:foo}\nb: ${opt:foo}\nc: ${opt:bar}\n")
    assert [(loc.line, msg) for loc, msg in res.notes] == [
        (1, "${opt:foo} has no value: pass --opt foo=VALUE"),
        (3, "${opt:bar} has no value: pass --opt bar=VALUE"),
    ]
    assert res.unresolved == 3


# --- opt, sls, param, env ------------------------------------------------------


def test_opt_and_sls_stage(tmp_path: Path) -> None:
    text = "a: ${opt:stage}\nb: ${opt:region}\nc: ${opt:custom}\nd: ${sls:stage}\n"
    res = _resolve(tmp_path, text, stage="prod", region="eu-west-1", options={"custom": "v"})
    assert [res.doc[k] for k in "abcd"] == ["prod", "eu-west-1", "v", "prod"]
    res = _resolve(tmp_path, text)
    assert [type(res.doc[k]) for k in "abc"] == [Unknown] * 3
    assert res.doc["a"].reason == "${opt:stage} has no value: pass --stage"
    assert res.doc["d"] == "dev"


def test_sls_stage_from_provider(tmp_path: Path) -> None:
    text = "provider:\n  stage: ${opt:stage, 'qa'}\nx: ${sls:stage}\n"
    assert _resolve(tmp_path, text).doc["x"] == "qa"
    assert _resolve(tmp_path, text, stage="prod").doc["x"] == "prod"


def test_params_stage_sections(tmp_path: Path) -> None:
    text = (
        "params:\n"
        "  default: {domain: d.example.com, size: 1}\n"
        "  prod: {domain: p.example.com, key: '${self:custom.k}'}\n"
        "custom: {k: secret-name}\n"
        "a: ${param:domain}\n"
        "b: ${param:size}\n"
        "c: ${param:key, 'none'}\n"
        "d: ${param:nope}\n"
    )
    res = _resolve(tmp_path, text)
    assert [res.doc[k] for k in "abc"] == ["d.example.com", 1, "none"]
    assert res.doc["d"] == Unknown("${param:nope} has no value: pass --param nope=VALUE")
    res = _resolve(tmp_path, text, stage="prod", params={"size": "9"})
    assert [res.doc[k] for k in "abc"] == ["p.example.com", "9", "secret-name"]


def test_param_may_come_from_dashboard(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "org: o\napp: a\nx: ${param:db, 'local'}\n")
    assert res.doc["x"] == Unknown("param:db may be set in the Serverless Dashboard")


def test_env_needs_opt_in(tmp_path: Path) -> None:
    text = "a: ${env:TOKEN}\nb: ${env:TOKEN, 'd'}\nc: ${env:OTHER, 'd'}\n"
    environ = {"TOKEN": "t0k"}
    res = _resolve(tmp_path, text, environ=environ)
    assert res.doc["a"] == Unknown(
        "${env:TOKEN} has no value: environment variables are read only with --use-env"
    )
    assert res.doc["b"] == "d"
    res = _resolve(tmp_path, text, environ=environ, use_env=True)
    assert [res.doc[k] for k in "abc"] == ["t0k", "t0k", "d"]


def test_env_never_reads_process_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAASGUARD_TEST_VAR", "leak")
    res = _resolve(tmp_path, "a: ${env:FAASGUARD_TEST_VAR}\n", use_env=True)
    assert type(res.doc["a"]) is Unknown


# --- external and unsupported sources ------------------------------------------


@pytest.mark.parametrize(
    ("value", "source", "key"),
    [
        ("${ssm:/app/db}", "ssm", "/app/db"),
        ("${ssm(us-east-1):/app/db}", "ssm", "/app/db"),
        ("${ssm:/app/db~true}", "ssm", "/app/db"),
        ("${ssm:/aws/reference/secretsmanager/prod/db}", "secretsmanager", "prod/db"),
        ("${cf:stack.Output}", "cf", "stack.Output"),
        ("${cf(eu-west-1):stack.Output}", "cf", "stack.Output"),
        ("${s3:bucket/key}", "s3", "bucket/key"),
        ("${secretsmanager:name}", "secretsmanager", "name"),
    ],
)
def test_external_references(tmp_path: Path, value: str, source: str, key: str) -> None:
    res = _resolve(tmp_path, f"custom:\n  x: '{value}'\n  y: ${{self:custom.x}}\n")
    found = res.doc["custom"]["x"]
    assert isinstance(found, ExternalRef)
    assert (found.source, found.key) == (source, key)
    assert res.doc["custom"]["y"] == found
    assert res.notes == [(Location(FILE, 2), found.reason)]
    assert res.problems == []


def test_aws_region_and_account(tmp_path: Path) -> None:
    res = _resolve(
        tmp_path, "provider:\n  region: eu-west-1\nq: arn:aws:sqs:${aws:region}:${aws:accountId}:jobs\n"
    )
    assert res.doc["q"] == "arn:aws:sqs:eu-west-1:${AWS::AccountId}:jobs"  # the deploying account
    assert res.notes == [] and res.problems == []
    res = _resolve(tmp_path, "r: ${aws:region}\n")
    assert res.doc["r"] == "us-east-1"  # the framework's default region


def test_unsupported_sources_are_unknown(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "a: ${vault:secret/x}\nb: ${sls:instanceId}\nc: ${git:branch}\n")
    assert [type(res.doc[k]) for k in "abc"] == [Unknown] * 3
    assert res.doc["a"].reason.endswith("source 'vault' is not resolved offline (plugin or custom resolver)")
    assert len(res.notes) == 3


# --- files -----------------------------------------------------------------------


def test_file_sources_and_line_rewrite(tmp_path: Path) -> None:
    _write(tmp_path, "conf/env.yml", "\n\nvars:\n  A: 1\n  B:\n    - x\n    - ${self:custom.n}\n")
    _write(tmp_path, "conf/data.json", '{\n "k": {"v": [1, 2]}\n}\n')
    text = (
        "custom:\n"  # 1
        "  n: 7\n"  # 2
        "env: ${file(./conf/env.yml):vars}\n"  # 3
        "whole: ${file(conf/data.json)}\n"  # 4
        "one: ${file(./conf/data.json):k.v.1}\n"  # 5
        "gone: ${file(./conf/missing.yml), 'dflt'}\n"  # 6
    )
    res = _resolve(tmp_path, text)
    env = res.doc["env"]
    assert env == {"A": 1, "B": ["x", 7]}
    assert env.line == 3 and env.lines == {"A": 3, "B": 3}
    assert env["B"].line == 3 and env["B"].lines == [3, 3]
    whole = res.doc["whole"]
    assert whole == {"k": {"v": [1, 2]}}
    assert whole.lines == {"k": 4} and whole["k"].lines == {"v": 4} and whole["k"]["v"].lines == [4, 4]
    assert res.doc["one"] == 2
    assert res.doc["gone"] == "dflt"
    assert (res.problems, res.notes, res.unresolved) == ([], [], 0)


def test_self_reference_to_file_value_keeps_referencing_line(tmp_path: Path) -> None:
    _write(tmp_path, "c.yml", "a:\n  b: 1\n")
    res = _resolve(tmp_path, "custom:\n  c: ${file(./c.yml)}\nx: ${self:custom.c.a}\n")
    assert res.doc["x"] == {"b": 1} and res.doc["x"].lines == {"b": 2}


def test_unknowns_inside_a_file_are_noted_in_that_file(tmp_path: Path) -> None:
    _write(tmp_path, "c.yml", "\nkey: ${opt:nope}\n")
    res = _resolve(tmp_path, "x: ${file(./c.yml):key}\n")
    assert type(res.doc["x"]) is Unknown
    assert res.notes == [(Location("svc/c.yml", 2), "${opt:nope} has no value: pass --opt nope=VALUE")]


def test_file_escaping_root(tmp_path: Path) -> None:
    (tmp_path.parent / f"{tmp_path.name}-outside.yml").write_text("secret: 1\n", encoding="utf-8")
    text = f"a: ${{file(../../{tmp_path.name}-outside.yml)}}\nb: ${{file(/etc/hostname.yml), 'x'}}\n"
    res = _resolve(tmp_path, text)
    assert type(res.doc["a"]) is Unknown and type(res.doc["b"]) is Unknown
    assert [(loc.line, "outside the project root" in msg) for loc, msg in res.problems] == [
        (1, True),
        (2, True),
    ]


def test_file_inside_root_but_outside_service_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "shared.yml").write_text("x: 1\n", encoding="utf-8")
    assert _resolve(tmp_path, "a: ${file(../shared.yml):x}\n").doc["a"] == 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_file_symlink_out_of_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "outside.yml"
    outside.write_text("secret: 1\n", encoding="utf-8")
    (root / "svc").mkdir()
    (root / "svc" / "link.yml").symlink_to(outside)
    res = _resolve(root, "a: ${file(./link.yml):secret}\n")
    assert type(res.doc["a"]) is Unknown
    assert res.problems == [
        (Location(FILE, 1), "${file(./link.yml):secret} points outside the project root; not read")
    ]


def test_code_files_are_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    _write(
        tmp_path,
        "conf.js",
        f"require('fs').writeFileSync({str(marker)!r}, 'x'); module.exports = {{a: 1}};\n",
    )
    res = _resolve(tmp_path, "a: ${file(./conf.js):a}\nb: ${file(./conf.ts)}\nc: ${file(./x.txt)}\n")
    assert res.doc["a"] == Unknown("svc/conf.js is code, not analysed")
    assert res.doc["b"] == Unknown("svc/conf.ts is code, not analysed")
    assert type(res.doc["c"]) is Unknown
    assert not marker.exists()


def test_invalid_file_is_a_problem(tmp_path: Path) -> None:
    _write(tmp_path, "bad.yml", "a: [\n")
    _write(tmp_path, "bad.json", "{nope}")
    res = _resolve(tmp_path, "a: ${file(./bad.yml)}\nb: ${file(./bad.json):x, 'd'}\n")
    assert type(res.doc["a"]) is Unknown and type(res.doc["b"]) is Unknown
    assert [loc.line for loc, _ in res.problems] == [1, 2]
    assert res.problems[0][1].startswith("cannot use svc/bad.yml: svc/bad.yml:")


def test_file_too_large_is_a_problem(tmp_path: Path) -> None:
    _write(tmp_path, "big.yml", "a: " + "x" * 200 + "\n")
    res = _resolve(tmp_path, "a: ${file(./big.yml)}\n", max_file_bytes=100)
    assert type(res.doc["a"]) is Unknown
    assert "too large" in res.problems[0][1]


def test_file_cycle(tmp_path: Path) -> None:
    _write(tmp_path, "loop.yml", "a: ${file(./loop.yml):a}\n")
    res = _resolve(tmp_path, "x: ${file(./loop.yml):a}\n")
    assert type(res.doc["x"]) is Unknown
    assert res.problems[0][1] == "variable cycle: file(svc/loop.yml):a -> file(svc/loop.yml):a"


# --- cycles and limits -----------------------------------------------------------


def test_cycle(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "a: ${self:b}\nb: ${self:a}\nc: ${self:a, 'x'}\n")
    message = "variable cycle: self:a -> self:b -> self:a"
    assert res.doc["a"] == Unknown(message) and res.doc["b"] == Unknown(message)
    assert type(res.doc["c"]) is Unknown
    assert res.problems == [(Location(FILE, 1), message)]


def test_long_chain_stops_without_recursion_error(tmp_path: Path) -> None:
    n = 10_000
    text = "".join(f"a{i}: ${{self:a{i + 1}}}\n" for i in range(n)) + f"a{n}: end\n"
    started = time.monotonic()
    res = _resolve(tmp_path, text)
    assert time.monotonic() - started < 10  # sanity bound only; it takes well under a second
    assert type(res.doc["a0"]) is Unknown
    assert res.doc[f"a{n - 1}"] == "end"
    assert res.problems == [
        (Location(FILE, MAX_DEPTH + 1), f"variables refer through more than {MAX_DEPTH} levels of variables")
    ]


def test_short_chain_resolves(tmp_path: Path) -> None:
    text = "".join(f"a{i}: ${{self:a{i + 1}}}\n" for i in range(30)) + "a30: end\n"
    res = _resolve(tmp_path, text)
    assert res.doc["a0"] == "end" and res.problems == []


def test_exponential_string_blowup(tmp_path: Path) -> None:
    text = "".join(f"a{i}: ${{self:a{i + 1}}}${{self:a{i + 1}}}\n" for i in range(40)) + "a40: xy\n"
    res = _resolve(tmp_path, text)
    assert type(res.doc["a0"]) is Unknown
    assert res.doc["a30"] == "xy" * 1024
    assert [msg for _, msg in res.problems] == ["variables build a string longer than 1,000,000 characters"]


def test_exponential_tree_blowup(tmp_path: Path) -> None:
    text = "".join(f"a{i}: ['${{self:a{i + 1}}}', '${{self:a{i + 1}}}']\n" for i in range(40)) + "a40: x\n"
    started = time.monotonic()
    res = _resolve(tmp_path, text)
    assert time.monotonic() - started < 20  # sanity bound only
    assert res.doc["a39"] == ["x", "x"]
    assert res.doc["a0"] == [res.doc["a0"][0]] * 2 and type(res.doc["a0"][0]) is Unknown
    assert [msg for _, msg in res.problems] == [
        "variables expand beyond 200,000 steps; the rest is left unknown"
    ]


# --- syntax that is not a Serverless variable --------------------------------------


def test_cloudformation_sub_left_alone(tmp_path: Path) -> None:
    text = (
        "service: svc\n"
        "resources:\n"
        "  Resources:\n"
        "    Q:\n"
        "      Properties:\n"
        "        A: !Sub '${AWS::Region}'\n"
        "        B: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/${self:service}'\n"
        "        C: {'Fn::Sub': ['${stage}-${Name.Arn}', {stage: x}]}\n"
        "        D: '${{double}}'\n"
        "        E: '${aws::odd}'\n"
        "        F: 'cost $5 or \\${self:service}'\n"
    )
    res = _resolve(tmp_path, text)
    props = res.doc["resources"]["Resources"]["Q"]["Properties"]
    assert props["A"] == {"Fn::Sub": "${AWS::Region}"}
    assert props["B"] == {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/svc"}
    assert props["C"] == {"Fn::Sub": ["${stage}-${Name.Arn}", {"stage": "x"}]}
    assert props["D"] == "${{double}}"
    assert props["E"] == "${aws::odd}"
    assert props["F"] == "cost $5 or \\${self:service}"
    assert (res.problems, res.notes, res.unresolved) == ([], [], 0)


@pytest.mark.parametrize(
    "value",
    ["${self:custom.x", "${opt:stage, dev}", "${self:a, 'x' 'y'}", "${self:${AWS::Region}}", "${file(a.yml}"],
)
def test_bad_syntax_is_a_problem_not_an_exception(tmp_path: Path, value: str) -> None:
    res = _resolve(tmp_path, f'a: "{value}"\n')
    assert type(res.doc["a"]) is Unknown
    assert len(res.problems) == 1 and res.problems[0][1].startswith("invalid variable syntax:")


def test_non_mapping_in_string_is_unknown(tmp_path: Path) -> None:
    res = _resolve(tmp_path, "custom: {m: {a: 1}}\nx: pre-${self:custom.m}\n")
    assert type(res.doc["x"]) is Unknown
    assert res.problems == [(Location(FILE, 2), "${self:custom.m} is a mapping, not text")]


def test_deeply_nested_variables_in_one_string(tmp_path: Path) -> None:
    value = "${self:" * 200 + "x" + "}" * 200
    res = _resolve(tmp_path, f"a: '{value}'\n")
    assert type(res.doc["a"]) is Unknown and res.problems
