"""FG-DEP-002: Zip function without a code signing configuration."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from faasguard.model import Function, Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule
from faasguard.rules._values import text


def _inline_code(fn: Function) -> bool:
    """Inline code (``ZipFile``/``InlineCode``) cannot be signed, so code signing cannot apply."""
    code = fn.code_uri
    if isinstance(code, Mapping):
        return "ZipFile" in code
    return isinstance(code, str) and code == "<inline>"


@rule(
    "FG-DEP-002",
    Layer.DEPENDENCIES,
    Severity.LOW,
    rows=("DEP4",),
    references=("https://docs.aws.amazon.com/lambda/latest/dg/configuration-codesigning.html",),
)
def code_signing(workload: Workload) -> Iterator[Hit | Undecided]:
    """Code signing not configured.

    Why: without a code signing configuration Lambda accepts any code package
    from anyone allowed to update the function, so a stolen deploy credential
    or a tampered build artifact goes straight to production.  Functions
    packaged as container images cannot use code signing and are not checked;
    neither are functions with inline code.
    Fix: sign packages with AWS Signer and attach a code signing configuration
    whose ``UntrustedArtifactOnDeployment`` policy is ``Enforce``.
    SAM: ``CodeSigningConfigArn`` on the function (and ``sam deploy --signing-profiles``).
    CloudFormation: ``CodeSigningConfigArn`` pointing at an ``AWS::Lambda::CodeSigningConfig``.
    Terraform: ``code_signing_config_arn = aws_lambda_code_signing_config.enforce.arn`` on the
    ``aws_lambda_function``, with ``policies { untrusted_artifact_on_deployment = "Enforce" }``.
    """
    for fn in workload.functions:
        package = text(fn.package_type)
        if isinstance(package, str) and package.strip().lower() == "image":
            continue
        if _inline_code(fn):
            continue
        where = fn.line_of("CodeSigningConfigArn")
        if isinstance(fn.code_signing_config, Unknown):
            yield Undecided(fn.id, where, f"CodeSigningConfigArn: {fn.code_signing_config.reason}")
        elif fn.code_signing_config is None:
            if isinstance(package, Unknown):
                yield Undecided(fn.id, fn.line_of("PackageType"), f"PackageType: {package.reason}")
                continue
            message = f"{fn.id} has no code signing configuration: any code package can be deployed to it"
            yield Hit(fn.id, fn.resource_type, where, message)
