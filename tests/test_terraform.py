"""Terraform loading: parsing, evaluation, modules, hostile input, suppressions, discovery."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from faasguard.discover import Candidate, Skipped, discover
from faasguard.engine import ScanOptions, scan
from faasguard.loaders.terraform import TerraformOptions, load_terraform
from faasguard.loaders.terraform._eval import Context
from faasguard.loaders.terraform._funcs import FUNCTIONS
from faasguard.loaders.terraform._hcl import parse_hcl
from faasguard.loaders.terraform._module import ModuleInstance, Session
from faasguard.loaders.terraform._values import JsonDoc
from faasguard.model import ExternalRef, Unknown

DATA = Path(__file__).parent / "data" / "loaders" / "tf_config"
FUNCTION = """
resource "aws_lambda_function" "fn" {
  function_name = "ok"
  runtime       = "python3.12"
  handler       = "a.b"
  role          = "arn:aws:iam::123456789012:role/r"
}
"""


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _session(folder: Path) -> tuple[Session, ModuleInstance]:
    real = folder.resolve()
    session = Session(root=real, root_display=str(folder), cwd=real, max_bytes=5 * 1024 * 1024)
    top = ModuleInstance(session, session.source(real, str(folder)), "", {}, (real,), "")
    return session, top


def _value(text: str, **env: Any) -> Any:
    """The value of one expression in an empty configuration."""
    parsed = parse_hcl(f"v = {text}\n")
    assert not parsed.problems, parsed.problems
    ctx = Context(_NoNames(), "x.tf", FUNCTIONS, env)
    return ctx.eval(parsed.body.attrs["v"].expr)


class _NoNames:
    def root(self, name: str, line: int) -> Any:
        from faasguard.loaders.terraform._values import EvalError

        raise EvalError(f"no {name}")


# --- expressions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ('"a-${1 + 2}-b"', "a-3-b"),
        ('" ${"x"} y "', " x y "),
        ('[for s in ["a", "b"] : upper(s) if s != "b"]', ["A"]),
        ("{for k, v in {a = 1, b = 2} : k => v * 10}", {"a": 10, "b": 20}),
        ("merge({a = 1}, {b = 2}, {a = 3})", {"a": 3, "b": 2}),
        ('concat(["a"], ["b", "c"])', ["a", "b", "c"]),
        ('format("%s-%03d", "fn", 7)', "fn-007"),
        ('lookup({a = "x"}, "b", "dflt")', "dflt"),
        ('try(lookup({}, "missing"), "fallback")', "fallback"),
        ('coalesce("", "second")', "second"),
        ('length(toset(["a", "a", "b"]))', 2),
        ('jsondecode("{\\"k\\": [1, 2]}")', {"k": [1, 2]}),
        ('true ? "yes" : "no"', "yes"),
        ("!false && 2 >= 1", True),
        ('"%{ if true }on%{ else }off%{ endif }"', "on"),
        ('"%{ for x in [1, 2] }${x},%{ endfor }"', "1,2,"),
        ('replace("a-b-c", "-", "_")', "a_b_c"),
        ('join(",", ["a", "b"])', "a,b"),
        ('"\\u00e9\\n$${literal}"', "é\n${literal}"),
    ],
)
def test_expressions(expr: str, expected: Any) -> None:
    value = _value(expr)
    assert value == expected


def test_jsonencode_keeps_the_document_and_its_lines() -> None:
    value = _value('jsonencode({\n  Version = "2012-10-17"\n  Statement = []\n})')
    assert isinstance(value, JsonDoc)
    assert value.value == {"Version": "2012-10-17", "Statement": []}
    assert value.value.lines["Statement"] == 3


def test_unknown_propagates_and_is_never_a_guess() -> None:
    env = {"u": Unknown("no value")}
    for expr in ('"x-${u}"', "u == 1 ? 1 : 2", "u + 1", "[for x in u : x]", 'lookup(u, "a")', "length(u)"):
        assert isinstance(_value(expr, **env), Unknown), expr
    assert _value("u == 1 ? 5 : 5", **env) == 5  # both branches agree: known
    assert _value("false && u", **env) is False


def test_heredoc_dedent_keeps_interpolation() -> None:
    value = _value('<<-EOT\n    {\n      "a": "${"x"}"\n    }\n  EOT\n')
    assert value == '{\n  "a": "x"\n}\n'


def test_syntax_error_in_one_file_keeps_the_rest(tmp_path: Path) -> None:
    folder = _write(
        tmp_path,
        {
            "broken.tf": 'resource "aws_sqs_queue" "q" {\n  name = \n}\n',
            "main.tf": FUNCTION,
        },
    )
    result = load_terraform(folder, str(folder), folder, TerraformOptions())
    problems = [(loc.file, loc.line, msg) for loc, msg in result.workload.problems]
    assert any(f.endswith("broken.tf") and line == 2 and "syntax error" in msg for f, line, msg in problems)
    assert [f.name for f in result.workload.functions] == ["ok"]


# --- modules and variables -------------------------------------------------------------------------


def test_unknown_module_argument_does_not_fall_back_to_the_default() -> None:
    _, top = _session(DATA)
    top.all_resources()
    worker = top.module("worker", 0)  # type: ignore[arg-type]
    reports = top.module("reports", 0)  # type: ignore[arg-type]
    assert isinstance(worker.child.var("alarm_topic", 0), ExternalRef)
    assert reports.child.var("alarm_topic", 0) == "arn:aws:sns:us-east-1:123456789012:default-alarms"
    assert worker.get_attr("function_arn", 0) == {
        "Fn::GetAtt": ["module.worker.aws_lambda_function.this", "Arn"]
    }


def test_instances_are_named_like_terraform(tmp_path: Path) -> None:
    result = load_terraform(DATA, "tf_config", DATA, TerraformOptions())
    ids = {f.id for f in result.workload.functions}
    assert ids == {
        "aws_lambda_function.api[0]",
        "aws_lambda_function.api[1]",
        "module.worker.aws_lambda_function.this",
        "module.reports.aws_lambda_function.this",
    }
    assert {q.id for q in result.workload.message_resources} >= {
        'aws_sqs_queue.work["orders"]',
        'aws_sqs_queue.work["invoices"]',
    }


def test_variable_precedence(tmp_path: Path) -> None:
    folder = _write(
        tmp_path,
        {
            "main.tf": 'variable "rt" { default = "python3.8" }\nvariable "mem" {}\nvariable "t" {}\n'
            'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  runtime = var.rt\n'
            '  memory_size = var.mem\n  timeout = var.t\n  handler = "a.b"\n'
            '  role = "arn:aws:iam::123456789012:role/r"\n}\n',
            "terraform.tfvars": 'rt = "python3.9"\nmem = 512\n',
            "b.auto.tfvars": 'rt = "python3.10"\n',
            "prod.tfvars": 'rt = "python3.11"\n',
        },
    )
    fn = load_terraform(folder, "cfg", folder, TerraformOptions()).workload.functions[0]
    assert (fn.runtime, fn.memory) == ("python3.10", 512)
    assert isinstance(fn.timeout, Unknown)
    options = TerraformOptions(var_files=("prod.tfvars",), variables={"t": "20"})
    fn = load_terraform(folder, "cfg", folder, options).workload.functions[0]
    assert (fn.runtime, fn.timeout) == ("python3.11", 20)


def test_module_that_calls_itself(tmp_path: Path) -> None:
    folder = _write(tmp_path, {"main.tf": 'module "again" {\n  source = "./"\n}\n'})
    result = load_terraform(folder, "loop", folder, TerraformOptions())
    assert any("calls itself" in msg for _, msg in result.workload.problems)


def test_for_each_over_a_huge_collection_is_bounded(tmp_path: Path) -> None:
    folder = _write(
        tmp_path,
        {
            "main.tf": 'locals {\n  names = toset([for i in range(9000) : "q${i}"])\n'
            '  big = {for i in range(9000) : "k${i}" => i}\n}\n'
            'resource "aws_sqs_queue" "q" {\n  for_each = local.big\n  name = each.key\n}\n'
        },
    )
    started = time.perf_counter()
    result = load_terraform(folder, "big", folder, TerraformOptions())
    assert time.perf_counter() - started < 30
    assert any("9000 elements; the first 1000 analysed" in msg for _, msg in result.workload.notes)
    assert len(result.workload.message_resources) == 1000


def test_range_of_100000_is_unknown_not_a_hang() -> None:
    value = _value("[for i in range(100000) : i]")
    assert isinstance(value, Unknown)


def test_remote_module_is_reported_by_name(tmp_path: Path) -> None:
    folder = _write(
        tmp_path,
        {"main.tf": 'module "lambda" {\n  source = "terraform-aws-modules/lambda/aws"\n}\n'},
    )
    result = load_terraform(folder, "remote", folder, TerraformOptions())
    assert any(
        "module.lambda: module from terraform-aws-modules/lambda/aws" in m for _, m in result.workload.notes
    )


def test_vendored_module_is_read_from_dot_terraform(tmp_path: Path) -> None:
    folder = _write(
        tmp_path,
        {
            "main.tf": 'module "fn" {\n  source = "terraform-aws-modules/lambda/aws"\n  name = "v"\n}\n',
            ".terraform/modules/modules.json": json.dumps(
                {"Modules": [{"Key": "fn", "Source": "x", "Dir": ".terraform/modules/fn"}]}
            ),
            ".terraform/modules/fn/main.tf": 'variable "name" {}\nresource "aws_lambda_function" "this" {\n'
            '  function_name = var.name\n  runtime = "nodejs20.x"\n  handler = "i.h"\n'
            '  role = "arn:aws:iam::123456789012:role/r"\n}\n',
        },
    )
    result = load_terraform(folder, "v", folder, TerraformOptions())
    assert [f.id for f in result.workload.functions] == ["module.fn.aws_lambda_function.this"]


def test_file_outside_the_scanned_folder_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.json"
    outside.write_text('{"Statement": []}', encoding="utf-8")
    folder = _write(tmp_path / "cfg", {"main.tf": 'locals {\n  x = file("../secret.json")\n}\n'})
    _, top = _session(folder)
    value = top.local("x", 0)  # type: ignore[arg-type]
    assert isinstance(value, Unknown) and "outside the scanned folder" in value.reason


def test_templatefile_renders_with_its_variables(tmp_path: Path) -> None:
    folder = _write(
        tmp_path,
        {
            "main.tf": 'locals {\n  doc = templatefile("${path.module}/p.json.tpl", { bucket = "b1" })\n}\n',
            "p.json.tpl": '{"Resource": "arn:aws:s3:::${bucket}/*"}\n',
        },
    )
    _, top = _session(folder)
    assert top.local("doc", 0) == '{"Resource": "arn:aws:s3:::b1/*"}\n'  # type: ignore[arg-type]


# --- whole scans -----------------------------------------------------------------------------------


def test_hcl_suppression_marker(tmp_path: Path) -> None:
    folder = _write(
        tmp_path,
        {
            "main.tf": FUNCTION
            + 'resource "aws_lambda_function_url" "u" {\n'
            + "  function_name = aws_lambda_function.fn.function_name\n"
            + "  # faasguard:ignore FG-AC-006 public webhook, checked by signature\n"
            + '  authorization_type = "NONE"\n}\n'
        },
    )
    result = scan(ScanOptions(paths=[str(folder)], rules=["FG-AC-006"]))
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert (
        finding.suppression is not None
        and finding.suppression.reason == "public webhook, checked by signature"
    )
    assert finding.location.file.endswith("main.tf") and finding.location.line == 11


def test_discovery_yields_one_configuration_per_folder(tmp_path: Path) -> None:
    _write(tmp_path, {"a.tf": "", "b.tf": "", "x.tf.json": "{}", "sub/c.tf": ""})
    found = list(discover([str(tmp_path)]))
    configs = [c for c in found if isinstance(c, Candidate) and c.kind == "terraform"]
    assert [c.display for c in configs] == [str(tmp_path), str(tmp_path / "sub")]
    assert any(isinstance(s, Skipped) and s.display.endswith("x.tf.json") for s in found)


def test_scan_counts_terraform_files(tmp_path: Path) -> None:
    _write(tmp_path, {"a.tf": 'variable "x" {}\n', "b.tf": "locals {\n  y = 1\n}\n"})
    result = scan(ScanOptions(paths=[str(tmp_path)]))
    assert sorted(Path(f).name for f in result.files_scanned) == ["a.tf", "b.tf"]
    assert not result.errors


def test_plan_json_is_found_by_content_and_links_by_configuration(tmp_path: Path) -> None:
    source = Path(__file__).parent / "data" / "tf_plan.json"
    (tmp_path / "plan.out.json").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = scan(ScanOptions(paths=[str(tmp_path)], rules=["FG-AC-001", "FG-DEP-001"]))
    assert not result.errors
    got = {(f.rule_id, f.resource, f.location.line) for f in result.findings}
    # the function's role comes from the plan's configuration references (the ARN is known after apply)
    assert got == {("FG-AC-001", "aws_iam_role.r", 0), ("FG-DEP-001", "aws_lambda_function.f[0]", 0)}


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("min(3, 1, 2)", 1),
        ("max([4, 9]...)", 9),
        ("ceil(1.2)", 2),
        ("floor(1.8)", 1),
        ("pow(2, 10)", 1024),
        ('parseint("ff", 16)', 255),
        ('setproduct(["a"], ["x", "y"])', [["a", "x"], ["a", "y"]]),
        ("chunklist([1, 2, 3], 2)", [[1, 2], [3]]),
        ('transpose({a = ["1", "2"], b = ["2"]})', {"1": ["a"], "2": ["a", "b"]}),
        ('matchkeys(["i1", "i2"], ["us", "eu"], ["eu"])', ["i2"]),
    ],
)
def test_more_functions(expr: str, expected: Any) -> None:
    assert _value(expr) == expected


def test_one_unknown_argument_leaves_the_rest_of_the_object_known() -> None:
    value = _value('{a = join(",", u), b = "x", c = length(u)}', u=Unknown("no value"))
    assert isinstance(value["a"], Unknown) and isinstance(value["c"], Unknown)
    assert value["b"] == "x"


def test_a_called_module_folder_is_not_a_configuration_of_its_own(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "main.tf": 'module "k" {\n  source = "./modules/key"\n  rotate = true\n}\n',
            "modules/key/main.tf": 'variable "rotate" {\n  default = false\n}\n'
            'resource "aws_kms_key" "this" {\n  enable_key_rotation = var.rotate\n}\n',
        },
    )
    result = scan(ScanOptions(paths=[str(tmp_path)], rules=["FG-DP-003"]))
    assert result.findings == ()
    assert any("a module called by" in text for _, text in result.notes)
    assert sorted(Path(f).name for f in result.files_scanned) == ["main.tf", "main.tf"]


def test_terraform_fingerprints_do_not_depend_on_how_the_path_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _write(
        tmp_path / "cfg",
        {
            "main.tf": FUNCTION + 'resource "aws_lambda_function_url" "u" {\n'
            '  function_name = aws_lambda_function.fn.function_name\n  authorization_type = "NONE"\n}\n'
        },
    )
    monkeypatch.chdir(tmp_path)
    prints = set()
    for path in ("cfg", str(folder), "cfg/", "./cfg"):
        result = scan(ScanOptions(paths=[path], rules=["FG-AC-006"]))
        prints.update(f.fingerprint for f in result.findings)
    assert len(prints) == 1
