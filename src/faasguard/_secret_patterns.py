"""Curated patterns for well-known credential formats, used by :mod:`faasguard.secrets`.

Each pattern has literal *prefilters*: cheap substring tests that must pass
before the regular expression runs, so a value without ``AKIA``, ``ghp_``,
``xox`` ... costs a few ``in`` tests and no regex.  The formats follow the
providers' documented token layouts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LITERALS", "LITERALS_LOWERED", "PATTERNS", "TokenPattern"]


@dataclass(frozen=True, slots=True)
class TokenPattern:
    """One credential format.

    ``literals``: at least one must occur in the value (in ``value.lower()``
    when ``lowered``) before ``regex`` runs; empty means "always run" (then
    ``min_len`` keeps the cost down).  ``group`` is the regex group holding
    the secret itself; with ``verify`` that part must also pass the
    keyword-value test (used where the format alone is weak, e.g. the
    password in ``user:pass@host``).  A name matching ``unless_name`` turns
    the pattern off (an account SID in ``TWILIO_ACCOUNT_SID`` is an id).
    """

    kind: str
    regex: re.Pattern[str]
    literals: tuple[str, ...] = ()
    lowered: bool = False
    min_len: int = 8
    group: int = 0
    verify: bool = False
    unless_name: re.Pattern[str] | None = None


def _p(
    kind: str,
    regex: str,
    *literals: str,
    lowered: bool = False,
    min_len: int = 8,
    group: int = 0,
    verify: bool = False,
    unless_name: str | None = None,
) -> TokenPattern:
    return TokenPattern(
        kind=kind,
        regex=re.compile(regex),
        literals=literals,
        lowered=lowered,
        min_len=min_len,
        group=group,
        verify=verify,
        unless_name=re.compile(unless_name) if unless_name else None,
    )


# Token boundaries: a token must not be glued to more token characters.
_L = r"(?<![A-Za-z0-9_])"
_R = r"(?![A-Za-z0-9_])"

PATTERNS: tuple[TokenPattern, ...] = (
    # AWS: key ids are 20 characters of base32 after a 4-letter type prefix.
    _p(
        "AWS access key id",
        _L + r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}" + _R,
        "AKIA",
        "ASIA",
        "ABIA",
        "ACCA",
        "A3T",
        min_len=20,
    ),
    _p(
        "AWS secret access key",
        r"(?i)secret_?(?:access_?)?key[\"']?\s*[:=]\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])",
        "secret",
        lowered=True,
        min_len=48,
        group=1,
    ),
    # Source hosting and package registries.
    _p("GitHub token", _L + r"gh[pousr]_[A-Za-z0-9]{36,255}" + _R, "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    _p("GitHub fine-grained token", _L + r"github_pat_[A-Za-z0-9_]{60,255}", "github_pat_", min_len=70),
    _p(
        "GitLab token",
        _L + r"gl(?:pat|dt|rt|ptt|soat)-[A-Za-z0-9_\-]{20,}",
        "glpat-",
        "gldt-",
        "glrt-",
        "glptt-",
        "glsoat-",
    ),
    _p("npm token", _L + r"npm_[A-Za-z0-9]{36}" + _R, "npm_", min_len=40),
    _p("PyPI token", _L + r"pypi-AgE[A-Za-z0-9_\-]{50,}", "pypi-AgE", min_len=58),
    _p("Artifactory API key", _L + r"AKCp[A-Za-z0-9]{69}" + _R, "AKCp", min_len=73),
    # Chat and messaging.
    _p("Slack token", _L + r"xox[abposre]-[A-Za-z0-9\-]{10,}", "xox"),
    _p("Slack app token", _L + r"xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{32,}", "xapp-"),
    _p(
        "Slack webhook URL",
        r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_\-]{20,}",
        "hooks.slack.com",
    ),
    _p("Telegram bot token", r"(?<!\d)\d{8,10}:AA[A-Za-z0-9_\-]{33}" + _R, ":AA", min_len=43),
    _p(
        "Discord bot token",
        _L + r"[MNO][A-Za-z0-9_\-]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38}" + _R,
        min_len=59,  # no literal to look for: the length keeps the cost down
    ),
    _p(
        "Discord webhook URL",
        r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_\-]{60,}",
        "discord",
    ),
    _p("Twilio API key", _L + r"SK[0-9a-fA-F]{32}" + _R, "SK", min_len=34),
    _p("Twilio account SID", _L + r"AC[0-9a-f]{32}" + _R, "AC", min_len=34, unless_name=r"(?i)sid$"),
    _p("SendGrid API key", _L + r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}" + _R, "SG.", min_len=69),
    _p("Mailchimp API key", _L + r"[0-9a-f]{32}-us[0-9]{1,2}" + _R, "-us", min_len=36),
    _p("Mailgun API key", _L + r"key-[0-9a-f]{32}" + _R, "key-", min_len=36),
    # Payments and commerce.
    _p("Stripe live key", _L + r"(?:sk|rk)_live_[A-Za-z0-9]{20,}", "_live_"),
    _p("Square token", _L + r"sq0(?:atp-[A-Za-z0-9_\-]{22}|csp-[A-Za-z0-9_\-]{43})" + _R, "sq0"),
    _p("Shopify token", _L + r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _R, "shp", min_len=38),
    # Cloud and developer platforms.
    _p("Google API key", _L + r"AIza[0-9A-Za-z_\-]{35}" + _R, "AIza", min_len=39),
    _p("Google OAuth client secret", _L + r"GOCSPX-[A-Za-z0-9_\-]{28}" + _R, "GOCSPX-", min_len=35),
    _p(
        "Azure storage account key",
        r"(?i)AccountKey\s*=\s*([A-Za-z0-9+/]{86}==)",
        "accountkey",
        lowered=True,
        min_len=96,
        group=1,
    ),
    _p("Azure SAS token", r"(?i)[?&]sig=([A-Za-z0-9%+/=]{40,})", "sig=", lowered=True, min_len=44, group=1),
    _p("DigitalOcean token", _L + r"do[por]_v1_[a-f0-9]{64}" + _R, "_v1_", min_len=70),
    _p("Databricks token", _L + r"dapi[a-f0-9]{32}(?:-\d)?" + _R, "dapi", min_len=36),
    _p("Hugging Face token", _L + r"hf_[A-Za-z]{34}" + _R, "hf_", min_len=37),
    _p("Postman API key", _L + r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}" + _R, "PMAK-", min_len=64),
    _p("New Relic API key", _L + r"NRAK-[A-Z0-9]{27}" + _R, "NRAK-", min_len=32),
    _p("Sentry token", _L + r"(?:sntrys_[A-Za-z0-9+/=_]{50,}|sntryu_[a-f0-9]{64})", "sntry", min_len=56),
    _p(
        "Grafana token",
        _L + r"(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})",
        "glsa_",
        "glc_",
    ),
    _p("Doppler token", _L + r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}" + _R, "dp.", min_len=46),
    _p("Atlassian API token", _L + r"ATATT3[A-Za-z0-9_\-=]{180,}", "ATATT3", min_len=186),
    # AI providers.
    _p("OpenAI API key", _L + r"sk-[A-Za-z0-9_\-]{16,}T3BlbkFJ[A-Za-z0-9_\-]{16,}", "T3BlbkFJ", min_len=43),
    _p("Anthropic API key", _L + r"sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_\-]{80,}", "sk-ant-", min_len=90),
    # Generic formats.
    _p(
        "private key",
        r"-----BEGIN[A-Z0-9 ]{0,30} PRIVATE KEY(?: BLOCK)?-----[\s\S]{16,}",
        "PRIVATE KEY",
        min_len=40,
    ),
    _p(
        "age secret key",
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        "AGE-SECRET-KEY-",
        min_len=74,
    ),
    _p(
        "JSON Web Token",
        _L + r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,}",
        "eyJ",
        min_len=40,
    ),
    _p(
        "credentials in URL",
        r"(?i)\b[a-z][a-z0-9+.\-]{1,20}://[^\s:/@?#]{0,128}:([^\s/@?#]{1,256})@(?:[A-Za-z0-9.\-\[\]]|\$\{)",
        "://",
        group=1,
        verify=True,
    ),
    _p(
        "password in connection string",
        r"(?i)(?:^|[;&\s,{\"'])(?:password|passwd|pwd)[\"']?\s*[:=]\s*[\"']?([^;&\s,\"'}]{1,256})",
        "pass",
        "pwd",
        lowered=True,
        group=1,
        verify=True,
    ),
)


def _literals(lowered: bool) -> tuple[str, ...]:
    return tuple(sorted({lit for p in PATTERNS if p.lowered == lowered for lit in p.literals}))


#: Every literal of the case-sensitive patterns, and of those matched against the lower-cased value.
LITERALS = _literals(lowered=False)
LITERALS_LOWERED = _literals(lowered=True)
