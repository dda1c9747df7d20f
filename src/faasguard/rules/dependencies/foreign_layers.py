"""FG-DEP-004: layer published by another AWS account."""

from __future__ import annotations

import re
from collections.abc import Iterator

from faasguard.model import Derived, Function, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._links import param_note
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules.dependencies._publishers import AWS_PUBLISHERS, VENDORS

_ACCOUNT = re.compile(r"^\d{12}$")
_OWN = "${AWS::AccountId}"
_FIELD_SEP = re.compile(r":(?![^{}]*\})")  # ARN field separators, not the "::" inside ${AWS::Region}


def _fields(arn: str) -> list[str]:
    return _FIELD_SEP.split(arn)


def _role_account(fn: Function) -> str | None:
    """The account of a literal execution-role ARN (a function's role is always in its own account)."""
    if isinstance(fn.role, str):
        parts = _fields(str(fn.role))
        if len(parts) >= 6 and parts[0] == "arn" and parts[2] == "iam" and _ACCOUNT.match(parts[4]):
            return parts[4]
    return None


def _judge(fn: Function, layer: object, index: int) -> Hit | Undecided | None:
    where = fn.line_of("Layers")
    if index < len(fn.layer_lines):
        where = fn.location.at(fn.layer_lines[index])  # Globals layers point at the Globals line
    if isinstance(layer, Unknown):
        return Undecided(fn.id, where, f"layer: {layer.reason}")
    if not isinstance(layer, str):
        return Undecided(fn.id, where, f"layer is not an ARN: {layer!r}")
    parts = _fields(str(layer))
    if len(parts) < 7 or parts[0] != "arn" or parts[2] != "lambda" or parts[5] != "layer":
        if isinstance(layer, Derived) and layer.refs:
            return None  # a layer version declared in this workload
        return Undecided(fn.id, where, f"not a layer version ARN: {layer}")
    account, name = parts[4], parts[6]
    if account == _OWN or account in AWS_PUBLISHERS or account == _role_account(fn):
        return None
    if not _ACCOUNT.match(account):
        return Undecided(fn.id, where, f"account of layer {name} is computed: {account}")
    vendor = f" ({VENDORS[account]})" if account in VENDORS else ""
    message = (
        f"{fn.id} uses layer {name} from account {account}{vendor}{param_note(layer)}: "
        "its code runs inside the function with the function's permissions"
    )
    return Hit(fn.id, fn.resource_type, where, message, f"{account}:{name}")


@rule(
    "FG-DEP-004",
    Layer.DEPENDENCIES,
    Severity.LOW,
    rows=("DEP1",),
    references=("https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html",),
)
def foreign_layers(workload: Workload) -> Iterator[Hit | Undecided]:
    """Layer from another account.

    Why: a layer's code runs inside the function, with its role, its
    environment variables and its network access, yet it is not in the
    function's lockfiles, so the dependency audit cannot see it.  A layer
    published by another account is code you did not build and cannot
    review; its owner can also delete it, which breaks redeploys.  Layers
    published by AWS (Lambda Insights, AppConfig, Parameters and Secrets,
    Powertools, ADOT), layers declared in the workload and layers in the
    account of the function's own role are not reported.  A literal account
    id may still be your own: suppress the finding with that reason.
    Fix: build the layer yourself (or copy a reviewed version into your
    account) and reference it from there, or record the trust decision with
    a suppression naming the vendor.
    SAM: ``Layers: [!Ref MyLayer]`` with an ``AWS::Serverless::LayerVersion`` you build.
    CloudFormation: ``Layers`` referencing an ``AWS::Lambda::LayerVersion`` in your account.
    Terraform: ``layers = [aws_lambda_layer_version.sharp.arn]`` with an ``aws_lambda_layer_version``
    you build.
    """
    for fn in workload.functions:
        if isinstance(fn.layers, Unknown):
            yield Undecided(fn.id, fn.line_of("Layers"), f"Layers: {fn.layers.reason}")
            continue
        for index, layer in enumerate(fn.layers):
            item = _judge(fn, layer, index)
            if item is not None:
                yield item
