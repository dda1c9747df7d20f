"""Find secret-like literals in name/value pairs (environment variables, tags).

Two detectors, tried in order:

1. **Known token formats** (:mod:`faasguard._secret_patterns`): AWS keys,
   GitHub/GitLab/Slack/Stripe/... tokens, private key blocks, JWTs,
   passwords inside URLs and connection strings.  These fire whatever the
   variable is called.
2. **Keyword by name**: a variable whose name says it holds a secret
   (``DB_PASSWORD``, ``apiKey``, ``CLIENT_SECRET``, ``AUTH_TOKEN`` ...) and
   whose value looks like one - long enough, enough Shannon entropy and
   character classes, and not a reference, a path, an identifier, a number,
   a flag or a placeholder.  Names that describe a secret instead of holding
   it (``DB_SECRET_NAME``, ``TOKEN_TTL``, ``PASSWORD_MIN_LENGTH``,
   ``API_KEY_ARN``) are left alone.

Matches never carry the value: only a masked form (:func:`mask`) and a
fingerprint (12 hex digits of a salted, slow PBKDF2 hash of the value),
so reports can tell two findings apart without printing the secret.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from faasguard._secret_patterns import LITERALS, LITERALS_LOWERED, PATTERNS

__all__ = ["SecretMatch", "find_secret", "mask", "secret_kind_of_name"]

_MIN_VALUE = 8  # the shortest value any detector considers
_SHOWN = 4  # at most this many leading characters are ever shown
# Fixed, so fingerprints match across machines and baselines; the rounds make guessing costly.
_FINGERPRINT_SALT = b"faasguard/secret-fingerprint/v1"
_FINGERPRINT_ROUNDS = 5_000
_MAX_STARS = 32


@dataclass(frozen=True, slots=True)
class SecretMatch:
    """A secret-like value: what it looks like, masked, and a short fingerprint."""

    kind: str
    masked: str
    fingerprint: str


def mask(value: str) -> str:
    """``value`` with everything but a sixth of it (at most its first 4 characters) starred.

    Values shorter than 12 characters are fully masked, so a short password
    never shows a meaningful part of itself; the number of stars is capped at 32.
    """
    if len(value) < 12:
        return "*" * 8
    count = min(_SHOWN, len(value) // 6)
    shown = "".join(c if c.isprintable() and not c.isspace() else "*" for c in value[:count])
    return shown + "*" * min(len(value) - count, _MAX_STARS)


def _fingerprint(value: str) -> str:
    # A slow, salted hash: the fingerprint tells two findings of one secret apart from two
    # secrets, but checking password guesses against a published report costs CPU time for each.
    raw = value.encode("utf-8", "surrogatepass")
    return hashlib.pbkdf2_hmac("sha256", raw, _FINGERPRINT_SALT, _FINGERPRINT_ROUNDS)[:6].hex()


def _match(kind: str, value: str) -> SecretMatch:
    return SecretMatch(kind=kind, masked=mask(value), fingerprint=_fingerprint(value))


# --- values that are never literal secrets -------------------------------------------------

_REFERENCE = re.compile(
    r"\$\{|\{\{\s*resolve:|\$\(|%\([\w.]+\)s|^arn:|^(?:ssm|ssm-secure|secretsmanager|resolve|vault|op):",
    re.I,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORDS = _words("true false yes no on off null none nil undefined enabled disabled required optional")
_NUMBER = re.compile(r"^[+-]?[\d.,_]+(?:e[+-]?\d+)?[a-z]{0,3}$", re.I)  # 12, 3600, 30s, 1.5e3
_URL = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)
_PLACEHOLDER_WORD = re.compile(
    r"^(?:test|testing|dummy|fake|sample|example|default|secret|secrets|password|passwd|pass|pwd|token"
    r"|api[_\-]?key|key|todo|tbd|fixme|changeme|placeholder|redacted|hidden|masked|unset|empty|n/?a"
    r"|admin|root|user|guest|foo|bar|foobar|qwerty|letmein)[\d_\-!.]*$",
    re.I,
)
_PLACEHOLDER_MARK = re.compile(
    r"change[_\-]?me|replace[_\-]?(?:me|this|with)|your[_\-\s]?(?:api|secret|token|password|pass|key|own|app)"
    r"|<[^>]*>|\[[^\]]*\]|example|placeholder|dummy|redacted|x{4,}|\*{3,}|\.{3}|todo|fixme|tbd"
    r"|insert[_\-\s]|enter[_\-\s]|put[_\-\s]your|goes[_\-\s]here|[_\-\s]here$|^not[_\-\s]?set$",
    re.I,
)
_TOKEN_PLACEHOLDER = re.compile(r"EXAMPLE|x{6,}|X{6,}|\*{4,}|0{16,}|<|>")
_PATHLIKE = re.compile(r"^(?:\.{0,2}/)?[\w.\-]+(?:/[\w.\-]+)+/?$")
_HOSTNAME = re.compile(r"^[a-z0-9\-]+(?:\.[a-z0-9\-]+)+(?::\d+)?$")
_SLUG = re.compile(r"^[A-Za-z0-9]+(?:[-_.:][A-Za-z0-9]+)+$")
_CAMEL = re.compile(r"^[a-z]*(?:[A-Z][a-z]+)+$")
_AUTH_SCHEME = re.compile(r"^(?:bearer|basic|token|digest)\s+", re.I)


def _entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def _classes(text: str) -> int:
    return (
        any(c.islower() for c in text)
        + any(c.isupper() for c in text)
        + any(c.isdigit() for c in text)
        + any(not c.isalnum() for c in text)
    )


def _plain_word(part: str) -> bool:
    """An ordinary word or number (not random-looking): ``prod``, ``DB``, ``Orders``, ``2024``."""
    return part.isdigit() or (part.isalpha() and (part.islower() or part.isupper() or part.istitle()))


def _structured(text: str) -> bool:
    """Paths, host names, slugs and identifiers: values that name things rather than hide them."""
    if _PATHLIKE.match(text):
        return all(
            _plain_word(seg) or not any(c.isalpha() for c in seg) for seg in re.split(r"[/.\-]", text) if seg
        )
    if _HOSTNAME.match(text) or _CAMEL.match(text):
        return True
    return bool(_SLUG.match(text)) and all(_plain_word(p) for p in re.split(r"[-_.:]", text))


def _looks_secret(value: str, label: str, min_len: int = _MIN_VALUE) -> bool:
    """Whether ``value`` held in a ``label`` variable (password, token ...) looks like a real secret."""
    text = _AUTH_SCHEME.sub("", value.strip().strip("\"'"))
    if len(text) < min_len or text.lower() in _WORDS or _NUMBER.match(text):
        return False
    if _REFERENCE.search(text) or _URL.match(text) or text[0] in "[{":
        return False
    if _PLACEHOLDER_WORD.match(text) or _PLACEHOLDER_MARK.search(text) or len(set(text)) <= 2:
        return False
    if text.count(" ") >= 2 or _structured(text):
        return False
    entropy, classes = _entropy(text), _classes(text)
    if label in _PASSWORD_LIKE:
        return entropy >= 2.5 and (classes >= 2 or entropy >= 3.0)
    return len(text) >= 12 and ((classes >= 2 and entropy >= 3.0) or entropy >= 3.5)


# --- variable names that say "I hold a secret" ----------------------------------------------

_PASSWORD_LIKE = frozenset({"password", "credential", "auth credential"})
_EXACT = {
    "PASSWORD": "password", "PASSWORDS": "password", "PASSWD": "password", "PWD": "password",
    "PASS": "password", "PASSPHRASE": "password", "PASSCODE": "password",
    "SECRET": "secret", "SECRETS": "secret",
    "TOKEN": "token", "TOKENS": "token",
    "APIKEY": "API key", "APIKEYS": "API key",
    "CREDENTIAL": "credential", "CREDENTIALS": "credential", "CREDS": "credential",
    "AUTH": "auth credential", "AUTHORIZATION": "auth credential",
    "PRIVATEKEY": "private key",
}  # fmt: skip
_GLUED = ("PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "PRIVATEKEY", "CREDENTIALS", "PASSPHRASE")
# X_KEY compounds that hold key material (a bare KEY is too often an S3 or cache key).
_KEY_QUALIFIERS = _words(
    "API ACCESS SECRET PRIVATE SIGNING SIGN ENCRYPTION ENCRYPT ENC MASTER APP CLIENT AUTH HMAC JWT "
    "LICENSE SERVICE ADMIN WEBHOOK SESSION CIPHER CRYPTO SSH DEPLOY SUBSCRIPTION INGEST INGESTION"
)
# A last name part that makes the variable describe a secret rather than hold it.
_META_LAST = _words(
    "ARN ARNS NAME NAMES ID IDS URL URLS URI PATH PATHS FILE FILENAME REGION TABLE BUCKET QUEUE TOPIC "
    "PARAM PARAMS PARAMETER PARAMETERS SSM ENDPOINT HOST HOSTNAME PORT USER USERNAME EMAIL MAIL ADDRESS "
    "TTL TIMEOUT EXPIRY EXPIRES EXPIRATION LIFETIME DURATION SECONDS SECS MINUTES MINS HOURS DAYS MS "
    "LENGTH LEN SIZE COUNT LIMIT MIN MAX ENABLED DISABLED ENABLE DISABLE REQUIRED TYPE KIND MODE ALGORITHM "
    "ALG VERSION FORMAT PREFIX SUFFIX DIR DIRECTORY LOCATION POLICY ROTATION ISSUER AUDIENCE SCOPE SCOPES "
    "FIELD COLUMN ATTRIBUTE PROVIDER STORE SOURCE KMS ALIAS STAGE HASH RESET COMPLEXITY CHARSET RULES "
    "PATTERN REGEX STRATEGY METHOD FLOW GRANT LABEL TAG "
    "THUMBPRINT FINGERPRINT CHECKSUM DIGEST SHA SHA1 SHA256 SHA512 MD5"
)
_META_ANY = _words("MIN MAX TTL ALLOW EXPIRY EXPIRES TIMEOUT ROTATION ENABLED DISABLED REQUIRE")
_NAME_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _name_tokens(name: str) -> list[str]:
    return [t.upper() for part in re.split(r"[^A-Za-z0-9]+", name) for t in _NAME_PARTS.findall(part)]


_AWS_SECRET_VALUE = re.compile(r"^[A-Za-z0-9/+]{40}$")


def _is_aws_secret_name(name: str) -> bool:
    tokens = set(_name_tokens(name))
    return "SECRET" in tokens and ("AWS" in tokens or "ACCESS" in tokens)


@lru_cache(maxsize=8192)
def _name_label(name: str) -> str | None:
    """What kind of secret a variable called ``name`` holds, or ``None``."""
    tokens = _name_tokens(name)
    if not tokens or tokens[-1] in _META_LAST or any(t in _META_ANY for t in tokens):
        return None
    found: list[str] = []
    for i, token in enumerate(tokens):
        label = _EXACT.get(token)
        if label is None and token == "KEY" and i > 0 and tokens[i - 1] in _KEY_QUALIFIERS:
            label = {"API": "API key", "PRIVATE": "private key"}.get(tokens[i - 1], "key")
        if label is None and len(token) > 6:
            label = next((_EXACT[g] for g in _GLUED if token.endswith(g)), None)
        if label is not None:
            found.append(label)
    for preferred in ("private key", "password", "API key", "secret", "token", "key", "credential"):
        if preferred in found:
            return preferred
    return found[0] if found else None


# --- the public entry points ------------------------------------------------------------------


def secret_kind_of_name(name: str) -> str | None:
    """What a variable (or a parameter path segment) called ``name`` holds (``password``...), or ``None``."""
    return _name_label(name)


def find_secret(name: str, value: str) -> SecretMatch | None:
    """The secret-like content of ``value`` (held in a variable or tag called ``name``), if any."""
    text = value.strip()
    if len(text) < _MIN_VALUE or text.startswith(("{{resolve:", "arn:")):
        return None
    lowered = text.lower()
    # Look for every literal once; a pattern runs only when one of its literals is there.
    present = {lit for lit in LITERALS if lit in text}
    present.update(lit for lit in LITERALS_LOWERED if lit in lowered)
    for pattern in PATTERNS:
        if len(text) < pattern.min_len or (pattern.literals and present.isdisjoint(pattern.literals)):
            continue
        if pattern.unless_name is not None and pattern.unless_name.search(name):
            continue
        for found in pattern.regex.finditer(text):
            secret = found.group(pattern.group)
            if _TOKEN_PLACEHOLDER.search(secret):
                continue
            if pattern.verify and not _looks_secret(secret, "password", min_len=6):
                continue
            return _match(pattern.kind, text)
    label = _name_label(name)
    if label is None:
        return None
    if _AWS_SECRET_VALUE.match(text) and _is_aws_secret_name(name) and _entropy(text) >= 4.0:
        return _match("AWS secret access key", text)
    if _looks_secret(text, label):
        return _match(f"{label}-like value in {name}", text)
    return None
