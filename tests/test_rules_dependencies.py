"""Dependency rules FG-DEP-002..004 against hand-built workloads."""

from __future__ import annotations

from typing import Any

from faasguard.model import Derived, Function, Location, Unknown, Workload
from faasguard.rules import Rule
from faasguard.rules._rule import Hit, Undecided
from faasguard.rules.dependencies.code_signing import code_signing
from faasguard.rules.dependencies.foreign_layers import foreign_layers
from faasguard.rules.dependencies.image_digest import image_digest

F = "template.yaml"


def fn(fid: str = "Fn", line: int = 10, **kw: Any) -> Function:
    return Function(fid, Location(F, line), **kw)


def wl(*functions: Function) -> Workload:
    return Workload(F, "cloudformation", functions=functions)


def hits(rule: Rule, workload: Workload) -> list[tuple[str, str, int, str]]:
    return [
        (rule.id, h.resource, h.location.line, h.detail) for h in rule.check(workload) if isinstance(h, Hit)
    ]


def messages(rule: Rule, workload: Workload) -> list[str]:
    return [h.message for h in rule.check(workload) if isinstance(h, Hit)]


def undecided(rule: Rule, workload: Workload) -> list[tuple[str, int]]:
    return [(u.resource, u.location.line) for u in rule.check(workload) if isinstance(u, Undecided)]


# -- FG-DEP-002 ----------------------------------------------------------------


def test_dep002_zip_function_without_code_signing() -> None:
    w = wl(fn("A", code_uri="src/"), fn("B", line=20, package_type="Zip"))
    assert hits(code_signing, w) == [("FG-DEP-002", "A", 10, ""), ("FG-DEP-002", "B", 20, "")]


def test_dep002_lookalikes_pass() -> None:
    w = wl(
        fn("Signed", code_signing_config=Derived("${Csc}", "ref", frozenset({"Csc"}))),
        fn("Image", package_type="Image", image_uri="repo@sha256:" + "a" * 64),
        fn("Inline", code_uri="<inline>"),
        fn("InlineCfn", code_uri={"ZipFile": "def handler(e, c): pass"}),
    )
    assert hits(code_signing, w) == []


def test_dep002_unknowns_undecided() -> None:
    w = wl(
        fn("A", code_signing_config=Unknown("imported"), field_lines={"CodeSigningConfigArn": 13}),
        fn("B", line=20, package_type=Unknown("parameter P has no default"), field_lines={"PackageType": 21}),
    )
    assert hits(code_signing, w) == []
    assert undecided(code_signing, w) == [("A", 13), ("B", 21)]


# -- FG-DEP-003 ------------------------------------------------------------------------


ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app"


def test_dep003_tag_and_missing_tag() -> None:
    w = wl(
        fn("A", package_type="Image", image_uri=f"{ECR}:v1", field_lines={"Code": 12}),
        fn("B", line=20, package_type="Image", image_uri=Derived(ECR, "sub")),
    )
    assert hits(image_digest, w) == [("FG-DEP-003", "A", 12, ""), ("FG-DEP-003", "B", 20, "")]
    assert "'v1'" in messages(image_digest, w)[0] and "'latest'" in messages(image_digest, w)[1]


def test_dep003_digest_zip_and_sam_built_pass() -> None:
    w = wl(
        fn("A", package_type="Image", image_uri=f"{ECR}@sha256:{'b' * 64}"),
        fn("B", code_uri="src/"),
        fn("C", package_type="Image"),  # SAM builds and pushes the image; no URI to judge
    )
    assert hits(image_digest, w) == []


def test_dep003_parameter_default_is_named_and_unknown_undecided() -> None:
    param = wl(fn("A", package_type="Image", image_uri=Derived(f"{ECR}:latest", "parameter:ImageUri")))
    assert hits(image_digest, param) == [("FG-DEP-003", "A", 10, "")]
    assert "default of parameter ImageUri" in messages(image_digest, param)[0]
    unknown = wl(fn("A", package_type="Image", image_uri=Unknown("parameter ImageUri has no default")))
    assert undecided(image_digest, unknown) == [("A", 10)] and hits(image_digest, unknown) == []


# -- FG-DEP-004 -------------------------------------------------------------------------


def layer(account: str, name: str = "tools", version: int = 3) -> str:
    return f"arn:aws:lambda:eu-west-1:{account}:layer:{name}:{version}"


def test_dep004_layer_from_other_account() -> None:
    w = wl(
        fn(
            layers=(layer("111122223333"), layer("464622532012", "Datadog-Extension")),
            field_lines={"Layers": 14},
        )
    )
    assert hits(foreign_layers, w) == [
        ("FG-DEP-004", "Fn", 14, "111122223333:tools"),
        ("FG-DEP-004", "Fn", 14, "464622532012:Datadog-Extension"),
    ]
    assert "(Datadog)" in messages(foreign_layers, w)[1]


def test_dep004_own_aws_and_declared_layers_pass() -> None:
    own = Derived("arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:layer:tools:1", "sub")
    declared = Derived("${ToolsLayer}", "ref", frozenset({"ToolsLayer"}))
    w = wl(
        fn(
            layers=(
                own,
                declared,
                layer("580247275435", "LambdaInsightsExtension", 38),
                layer("017000801446", "AWSLambdaPowertoolsPythonV3-python312-x86_64"),
                layer("177933569100", "AWS-Parameters-and-Secrets-Lambda-Extension", 11),
            )
        ),
        fn("Same", role="arn:aws:iam::111122223333:role/app", layers=(layer("111122223333"),)),
    )
    assert hits(foreign_layers, w) == []
    assert undecided(foreign_layers, w) == []


def test_dep004_unknowns_undecided() -> None:
    w = wl(
        fn("A", layers=(Unknown("imported"),), field_lines={"Layers": 14}),
        fn("B", line=20, layers=Unknown("Fn::If on undecidable condition")),
        fn("C", line=30, layers=("not-an-arn",)),
    )
    assert hits(foreign_layers, w) == []
    assert undecided(foreign_layers, w) == [("A", 14), ("B", 20), ("C", 30)]
