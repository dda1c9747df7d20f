"""IAM action patterns: matching, wildcards, and what a statement grants.

IAM compares actions case-insensitively; ``*`` matches any run of characters
and ``?`` any single character.  Statements arrive from the model with every
key in list form; an entry may be :class:`~faasguard.model.Unknown`.
"""

from __future__ import annotations

import re
from functools import cache

from faasguard.model import Statement, Unknown

__all__ = [
    "STAR_ONLY_ACTIONS",
    "action_matches",
    "covers",
    "grants",
    "is_full_wildcard_action",
    "requires_star_resource",
]

# Stop-gap until the IAM action catalogue lands: actions that accept no
# resource ARN (IAM only honours ``Resource: "*"`` for them), so ``"*"`` on
# them is not a scoping miss.  Entries may end in ``*`` (a family of listing
# actions) but must not use ``?``: :func:`requires_star_resource` relies on it.
# The ENI actions are listed because Lambda creates the network interfaces
# itself and AWS's own AWSLambdaVPCAccessExecutionRole grants them on "*".
STAR_ONLY_ACTIONS: tuple[str, ...] = (
    # tracing and metrics
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
    "cloudwatch:PutMetricData",
    "cloudwatch:GetMetricData",
    "cloudwatch:GetMetricStatistics",
    "cloudwatch:ListMetrics",
    "cloudwatch:ListDashboards",
    "logs:DescribeLogGroups",
    # identity and account-level listing
    "sts:GetCallerIdentity",
    "iam:ListRoles",
    "iam:ListPolicies",
    "iam:ListUsers",
    "iam:ListGroups",
    "iam:ListAccountAliases",
    "iam:GetAccountSummary",
    "organizations:ListAccounts",
    "tag:GetResources",
    "tag:GetTagKeys",
    "tag:GetTagValues",
    # networking for VPC functions
    "ec2:Describe*",
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:DetachNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
    # keys, parameters, secrets
    "kms:ListKeys",
    "kms:ListAliases",
    "kms:GenerateRandom",
    "kms:CreateKey",
    "ssm:DescribeParameters",
    "secretsmanager:ListSecrets",
    "secretsmanager:GetRandomPassword",
    "secretsmanager:BatchGetSecretValue",
    # service-level listing
    "s3:ListAllMyBuckets",
    "sqs:ListQueues",
    "sns:ListTopics",
    "sns:ListSubscriptions",
    "dynamodb:ListTables",
    "dynamodb:DescribeLimits",
    "dynamodb:DescribeEndpoints",
    "lambda:ListFunctions",
    "lambda:ListLayers",
    "lambda:ListLayerVersions",
    "lambda:ListEventSourceMappings",
    "lambda:ListCodeSigningConfigs",
    "lambda:GetAccountSettings",
    "states:ListStateMachines",
    "cloudformation:ListStacks",
    "cloudformation:ListExports",
    "route53:ListHostedZones",
    "eks:ListClusters",
    "ecr:GetAuthorizationToken",
    "cognito-idp:ListUserPools",
    "athena:ListWorkGroups",
    "bedrock:ListFoundationModels",
    # stateless AI APIs with no resource (SAM policy templates grant them on "*")
    "rekognition:Detect*",
    "rekognition:CompareFaces",
    "rekognition:RecognizeCelebrities",
    "comprehend:Detect*",
    "comprehend:BatchDetect*",
    "textract:DetectDocumentText",
    "textract:AnalyzeDocument",
    "textract:AnalyzeExpense",
    "textract:AnalyzeID",
    "textract:StartDocumentTextDetection",
    "textract:StartDocumentAnalysis",
    "textract:GetDocumentTextDetection",
    "textract:GetDocumentAnalysis",
    "translate:TranslateText",
    "ce:GetCostAndUsage",
    "ce:GetDimensionValues",
    "ce:GetReservationCoverage",
    "ce:GetReservationPurchaseRecommendation",
    "ce:GetReservationUtilization",
    "ce:GetTags",
    "codepipeline:PutJobSuccessResult",
    "codepipeline:PutJobFailureResult",
)


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern.strip())
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def action_matches(pattern: str, action: str) -> bool:
    """True when IAM action ``pattern`` (``*``/``?`` wildcards) covers ``action``, case-insensitively."""
    return _regex(pattern).fullmatch(action.strip()) is not None


def is_full_wildcard_action(action: str) -> bool:
    """True for ``"*"`` and for a whole service (``"s3:*"``, ``"*:*"``)."""
    text = action.strip()
    if text == "*":
        return True
    service, sep, name = text.partition(":")
    return bool(sep and service and name and set(name) == {"*"})


def _any_match(patterns: tuple[str | Unknown, ...], action: str) -> bool | Unknown:
    unknown: Unknown | None = None
    for pattern in patterns:
        if isinstance(pattern, Unknown):
            if unknown is None:  # never bool() an Unknown
                unknown = pattern
        elif action_matches(pattern, action):
            return True
    return unknown if unknown is not None else False


def covers(stmt: Statement, action: str) -> bool | Unknown:
    """Whether the statement's ``Action``/``NotAction`` reaches ``action`` (effect, resource ignored)."""
    if stmt.actions:
        return _any_match(stmt.actions, action)
    if stmt.not_actions:
        excluded = _any_match(stmt.not_actions, action)
        if isinstance(excluded, Unknown):
            return excluded
        return not excluded
    return False


def grants(stmt: Statement, action: str) -> bool | Unknown:
    """Whether ``stmt`` allows ``action``: an ``Allow`` that covers it by Action or outside NotAction.

    Resources and conditions are not weighed here; a ``Deny`` never grants.
    """
    reached = covers(stmt, action)
    if reached is False:
        return False
    if isinstance(stmt.effect, Unknown):
        return stmt.effect
    if not stmt.allows:
        return False
    return reached


def requires_star_resource(action: str) -> bool:
    """True when every action ``action`` can match accepts only ``Resource: "*"``.

    ``action`` may itself be a pattern (``ec2:Describe*``): it is star-only when
    a table entry, read as a pattern, matches its text literally.  With entries
    using only ``*`` that is sound: each wildcard of ``action`` then falls
    inside a wildcard of the entry.
    """
    return any(action_matches(entry, action) for entry in STAR_ONLY_ACTIONS)
