"""Severity from what advisories publish: CVSS vectors and database ratings.

CVSS v3.x and v2 base scores are computed from the vector with the formulas
of their specifications; a v4 vector is kept as published, and its level
comes from the database's own rating when there is one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from faasguard.deps.advisories._interface import LEVELS, Severity

__all__ = ["cvss_base_score", "level_from_score", "normalize_level", "pick_severity"]

_V3 = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}
_V3_PR = {"U": {"N": 0.85, "L": 0.62, "H": 0.27}, "C": {"N": 0.85, "L": 0.68, "H": 0.5}}
_V2 = {
    "AV": {"L": 0.395, "A": 0.646, "N": 1.0},
    "AC": {"H": 0.35, "M": 0.61, "L": 0.71},
    "Au": {"M": 0.45, "S": 0.56, "N": 0.704},
    "C": {"N": 0.0, "P": 0.275, "C": 0.660},
    "I": {"N": 0.0, "P": 0.275, "C": 0.660},
    "A": {"N": 0.0, "P": 0.275, "C": 0.660},
}
_LABELS = {"moderate": "medium", "important": "high", "negligible": "low"}


def _metrics(vector: str) -> dict[str, str]:
    parts = (part.split(":", 1) for part in vector.split("/") if ":" in part)
    return {key: value for key, value in parts}


def _roundup(value: float) -> float:
    # CVSS v3.1 Appendix A: round up to one decimal, robust to float error.
    scaled = round(value * 100_000)
    return scaled / 100_000.0 if scaled % 10_000 == 0 else (math.floor(scaled / 10_000) + 1) / 10.0


def _v3_score(metrics: Mapping[str, str]) -> float | None:
    try:
        scope = metrics["S"]
        weights = {name: table[metrics[name]] for name, table in _V3.items()}
        privileges = _V3_PR[scope][metrics["PR"]]
    except KeyError:
        return None
    iss = 1 - (1 - weights["C"]) * (1 - weights["I"]) * (1 - weights["A"])
    impact = 6.42 * iss if scope == "U" else 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15
    exploitability = 8.22 * weights["AV"] * weights["AC"] * privileges * weights["UI"]
    if impact <= 0:
        return 0.0
    total = impact + exploitability if scope == "U" else 1.08 * (impact + exploitability)
    return _roundup(min(total, 10.0))


def _v2_score(metrics: Mapping[str, str]) -> float | None:
    try:
        weights = {name: table[metrics[name]] for name, table in _V2.items()}
    except KeyError:
        return None
    impact = 10.41 * (1 - (1 - weights["C"]) * (1 - weights["I"]) * (1 - weights["A"]))
    exploitability = 20 * weights["AV"] * weights["AC"] * weights["Au"]
    factor = 0.0 if impact == 0 else 1.176
    return round(((0.6 * impact) + (0.4 * exploitability) - 1.5) * factor + 1e-9, 1)


def cvss_base_score(vector: str) -> float | None:
    """Return the base score of a CVSS v2 or v3.x vector, ``None`` for others."""
    metrics = _metrics(vector)
    if vector.startswith("CVSS:3."):
        return _v3_score(metrics)
    if "CVSS" not in metrics and "Au" in metrics:
        return _v2_score(metrics)
    return None


def level_from_score(score: float) -> str:
    """The CVSS qualitative rating of a base score."""
    if score >= 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    return "low" if score > 0 else "none"


def normalize_level(label: object) -> str | None:
    """Map a database's rating ("MODERATE", "High") onto :data:`LEVELS`."""
    if not isinstance(label, str):
        return None
    level = _LABELS.get(label.strip().lower(), label.strip().lower())
    return level if level in LEVELS else None


_PREFERENCE = ("CVSS_V3", "CVSS_V4", "CVSS_V2")


def pick_severity(entries: Iterable[tuple[str, str]], label: object = None) -> Severity | None:
    """Choose one severity from ``(type, score)`` pairs and a database rating.

    A CVSS v3 vector wins (it has a computable score), then v4, then v2; the
    database's rating, when it is one of the known levels, sets the level.
    """
    vectors = {kind: value for kind, value in entries if kind in _PREFERENCE and value}
    vector = next((vectors[kind] for kind in _PREFERENCE if kind in vectors), None)
    score = cvss_base_score(vector) if vector else None
    level = normalize_level(label) or (level_from_score(score) if score is not None else None)
    if vector is None and level is None:
        return None
    return Severity(vector=vector, score=score, level=level)
