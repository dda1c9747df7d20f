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
    """
    for fn in workload.functions:
        url = fn.url
        if url is None:
            continue
        where = url.location.at(url.field_lines.get("AuthType"))
        if isinstance(url.auth_type, Unknown):
            yield Undecided(fn.id, where, f"AuthType: {url.auth_type.reason}")
        elif url.auth_type == "NONE":
            yield Hit(fn.id, fn.resource_type, where, f"function URL of {fn.id} has AuthType NONE")
