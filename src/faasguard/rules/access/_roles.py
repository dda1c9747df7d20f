"""Shared helpers of the role rules: whom to name in a finding about a role."""

from __future__ import annotations

from faasguard.model import Function, Role

__all__ = ["owner", "users"]


def owner(role: Role, functions: tuple[Function, ...]) -> tuple[str, str]:
    """The (resource, resource type) a finding on ``role`` is reported against.

    SAM's implicit role does not exist in the source: the user wrote the
    function's ``Policies``, so findings name the function.  An explicit role
    is named itself.
    """
    if role.implicit and functions:
        return functions[0].id, functions[0].resource_type
    return role.id, "AWS::IAM::Role"


def users(functions: tuple[Function, ...]) -> str:
    """``"function A"`` / ``"functions A, B"`` for messages."""
    names = ", ".join(fn.id for fn in functions)
    return f"function{'s' if len(functions) > 1 else ''} {names}"
