"""Policy reasoning for rules: statements of a function's role, action patterns,
principals, conditions and privilege-escalation combinations.

These are small, honest helpers.  A full engine (the IAM action catalogue,
access levels, resource-level support) will replace the stop-gap tables
here without changing these signatures.  Every answer that depends on a
value the loader could not resolve is an :class:`~faasguard.model.Unknown`.
"""

from __future__ import annotations

from faasguard.iam.actions import (
    STAR_ONLY_ACTIONS,
    action_matches,
    covers,
    grants,
    is_full_wildcard_action,
    requires_star_resource,
)
from faasguard.iam.conditions import (
    CALLER_KEYS,
    PRINCIPAL_ACCOUNT,
    PRINCIPAL_ORG_ID,
    RESOURCE_SCOPING_KEYS,
    SOURCE_ACCOUNT,
    SOURCE_ARN,
    SOURCE_OWNER,
    SOURCE_VPCE,
    narrowing_keys,
    restricts_caller,
    scopes_resource,
)
from faasguard.iam.escalation import (
    ESCALATION_PATHS,
    Escalation,
    EscalationPath,
    Step,
    escalations,
    unrestricted_resource,
)
from faasguard.iam.policy import (
    function_role,
    function_roles,
    function_statements,
    line_of,
    role_statements,
    unresolved_policies,
)
from faasguard.iam.principals import (
    OWN_ACCOUNT,
    arn_account,
    is_own_account,
    is_public_principal,
    is_public_statement,
    is_public_value,
    principal_account,
    service_name,
    split_arn,
)

__all__ = [
    "CALLER_KEYS",
    "ESCALATION_PATHS",
    "OWN_ACCOUNT",
    "PRINCIPAL_ACCOUNT",
    "PRINCIPAL_ORG_ID",
    "RESOURCE_SCOPING_KEYS",
    "SOURCE_ACCOUNT",
    "SOURCE_ARN",
    "SOURCE_OWNER",
    "SOURCE_VPCE",
    "STAR_ONLY_ACTIONS",
    "Escalation",
    "EscalationPath",
    "Step",
    "action_matches",
    "arn_account",
    "covers",
    "escalations",
    "function_role",
    "function_roles",
    "function_statements",
    "grants",
    "is_full_wildcard_action",
    "is_own_account",
    "is_public_principal",
    "is_public_statement",
    "is_public_value",
    "line_of",
    "narrowing_keys",
    "principal_account",
    "requires_star_resource",
    "restricts_caller",
    "role_statements",
    "scopes_resource",
    "service_name",
    "split_arn",
    "unresolved_policies",
    "unrestricted_resource",
]
