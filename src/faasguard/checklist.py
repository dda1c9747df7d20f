"""The five-layer checklist: row ids and what each row asks for.

Every rule names the rows it serves; ``docs/rules.md`` shows row -> rules
coverage from this table, so a reader sees which rows are covered.
"""

from __future__ import annotations

__all__ = ["ROWS"]

#: row id -> the checklist requirement, in checklist order
ROWS: dict[str, str] = {
    "AC1": "each function has its own role",
    "AC2": "no wildcard actions or resources (Deny, conditions and AWS-required `*` understood)",
    "AC3": "least-privilege policy generated from observed activity or code",
    "AC4": "MFA condition on sensitive Lambda admin actions for humans",
    "AC5": "functions in a VPC, in private subnets",
    "AC6": "restricted egress from the function's security groups",
    "AC7": "resource-based policies never public; SourceAccount / SourceArn / org conditions",
    "AC8": "function URLs and API routes authenticated",
    "AC9": "no privilege-escalation path from a function's role",
    "DP1": "environment variables encrypted with a customer-managed key",
    "DP2": "key rotation on; key deletion window long enough",
    "DP3": "TLS 1.2+ on API domains; buckets deny non-TLS access",
    "DP4": "mutual TLS / signed tokens between internal services",
    "DP5": "no secrets in environment variables, tags, names, query strings",
    "DP6": "secrets in a secrets manager with rotation and a customer key",
    "DP7": "queues, topics, streams and tables feeding functions encrypted",
    "MON1": "multi-region CloudTrail with log validation and KMS",
    "MON2": "CloudTrail records Lambda data events",
    "MON3": "trail bucket is write-once (Object Lock)",
    "MON4": "log groups with retention and encryption",
    "MON5": "alarms on function errors, throttles, concurrency spikes",
    "MON6": "alert on security-group changes",
    "MON7": "tracing on functions and APIs",
    "MON8": "API access logs on, full request/response payloads not logged",
    "MON9": "unusual activity detected in audit logs",
    "MON10": "logs shipped to a central store",
    "DEP1": "no known-vulnerable packages in what a function ships",
    "DEP2": "only supported runtimes",
    "DEP3": "no unused dependencies, small packages, no dev files shipped",
    "DEP4": "code signing enforced",
    "DEP5": "the audit gates CI (SARIF, fail level, baseline)",
    "RT1": "a WAF in front of every public entry point",
    "RT2": "timeouts no longer than the caller can wait",
    "RT3": "reserved concurrency; failure destinations for asynchronous work",
    "RT4": "API throttling and request validation",
    "IR1": "a compromised function can be contained quickly",
}
