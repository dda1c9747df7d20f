"""The secret detector: what looks like a secret, what never does, and how matches are shown."""

from __future__ import annotations

import hashlib

import pytest

from faasguard.secrets import find_secret, mask

# Made-up values with the shapes of real credentials.
FAKE_ACCESS_KEY = "AKIA" + "Q3ZD7WNMB4XK2LPA"
FAKE_DB_PASSWORD = "pX9#vQ2m!Lr7@tWz4"


@pytest.mark.parametrize(
    ("name", "value", "kind"),
    [
        ("ANYTHING", FAKE_ACCESS_KEY, "AWS access key id"),
        ("DB_PASSWORD", FAKE_DB_PASSWORD, "password"),
        ("DATABASE_URL", "postgresql://app:Xk9pLm2vQ7wRt4@db.internal:5432/app", "credentials in URL"),
        (
            "DATABASE_URL",
            "postgresql://app:Xk9pLm2vQ7wRt4@${Db.Endpoint.Address}:5432/app",
            "credentials in URL",
        ),
    ],
)
def test_secrets_found(name: str, value: str, kind: str) -> None:
    found = find_secret(name, value)
    assert found is not None and kind.lower() in found.kind.lower()
    assert value not in found.masked


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DB_PASSWORD", "{{resolve:secretsmanager:prod/db:SecretString:password}}"),
        ("DB_PASSWORD", "${DbPassword}"),
        ("API_KEY_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf"),
        ("DB_SECRET_NAME", "prod/orders/db-credentials"),
        ("ENABLE_PASSWORD_RESET", "true"),
        ("TOKEN_TTL", "3600"),
        ("TOKEN_SIGNING_CERT_THUMBPRINT", "A909502DD82AE41433E6F83886B00D4277A32A7B"),
        ("SECRET_CHECKSUM", "9fceb02d0ae598e95dc970b74767f19372d61af8"),
        ("API_KEY_FINGERPRINT", "9f:ce:b0:2d:0a:e5:98:e9:5d:c9:70:b7:47:67:f1:93"),
        ("SERVICE_URL", "https://api.example.com/v1/orders"),
    ],
)
def test_never_secrets(name: str, value: str) -> None:
    assert find_secret(name, value) is None


def test_mask_never_shows_much() -> None:
    assert mask("short-pw1") == "*" * 8
    assert mask("twelve-chars").startswith("tw") and "twe" not in mask("twelve-chars")
    long = "abcdefghijklmnopqrstuvwxyz0123456789"
    assert mask(long).startswith("abcd*") and "abcde" not in mask(long)
    assert len(mask("x" * 500)) <= 4 + 32


def test_fingerprint_is_stable_and_not_a_plain_hash() -> None:
    first = find_secret("ANYTHING", FAKE_ACCESS_KEY)
    again = find_secret("OTHER_NAME", FAKE_ACCESS_KEY)
    assert first is not None and again is not None
    assert first.fingerprint == again.fingerprint and len(first.fingerprint) == 12
    plain = hashlib.sha256(FAKE_ACCESS_KEY.encode()).hexdigest()
    assert first.fingerprint not in plain
