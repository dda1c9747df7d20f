"""Error types each subpackage raises; only the CLI turns them into exit codes."""

from __future__ import annotations

__all__ = ["FaasguardError", "InputError", "UsageError"]


class FaasguardError(Exception):
    """Base of every error faasguard raises on purpose."""

    def __init__(self, message: str, *, advice: str = "") -> None:
        super().__init__(message)
        self.advice = advice


class InputError(FaasguardError):
    """A file cannot be read or parsed; carries the file and line."""

    def __init__(self, file: str, message: str, line: int = 0, *, advice: str = "") -> None:
        super().__init__(message, advice=advice)
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.args[0]}"


class UsageError(FaasguardError):
    """The command line or the configuration is wrong."""
