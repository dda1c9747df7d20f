"""FG-AC-006: function URL without authentication."""

from __future__ import annotations

from collections.abc import Iterator

from faasguard.model import Unknown, Workload
from faasguard.result import Layer, Severity
from faasguard.rules._rule import Hit, Undecided, rule


@rule("FG-AC-006", Layer.ACCESS, Severity.HIGH, rows=("AC8",))
def function_url_auth(workload: Workload) -> Iterator[Hit | Undecided]:
    """Function URL open to anyone (AuthType NONE).

    Why: a function URL with ``AuthType: NONE`` lets anyone on the internet
    invoke the function; the function itself becomes the only access check.
    Fix: set the URL's ``AuthType`` to ``AWS_IAM`` and grant
    ``lambda:InvokeFunctionUrl`` to the callers, or put the function behind
    an authenticated API.
    SAM: ``FunctionUrlConfig: {AuthType: AWS_IAM}``.
    CloudFormation: ``AWS::Lambda::Url`` ``AuthType: AWS_IAM``.
    Terraform: ``authorization_type = "AWS_IAM"`` on the ``aws_lambda_function_url``.
    """
    for url in workload.function_urls:
        fn = workload.function(url.function_id)
        # findings go on the function when it is in this source (SAM writes the URL there), else on the URL
        resource, rtype = (fn.id, fn.resource_type) if fn is not None else (url.id, "AWS::Lambda::Url")
        name = fn.id if fn is not None else f"{url.id} (function outside this template)"
        on = f" on {url.qualifier}" if isinstance(url.qualifier, str) else ""
        where = url.location.at(url.field_lines.get("AuthType"))
        if isinstance(url.auth_type, Unknown):
            yield Undecided(resource, where, f"AuthType: {url.auth_type.reason}")
        elif isinstance(url.auth_type, str) and url.auth_type.strip().upper() == "NONE":
            yield Hit(resource, rtype, where, f"function URL{on} of {name} has AuthType NONE", url.id)
