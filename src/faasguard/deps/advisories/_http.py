"""HTTP for the online sources, on the standard library alone.

Every request has a timeout, a ``User-Agent`` naming faasguard and its
version, and accepts gzip; every failure becomes a one-line
:class:`ServiceError` that names the service and the address (without any
credentials the address carries).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO, Protocol

from faasguard.deps.advisories._interface import (
    HTTPStatusError,
    NetworkError,
    NotConfiguredError,
    ResponseError,
)

if TYPE_CHECKING:
    from email.message import Message
    from urllib.request import Request

__all__ = ["DEFAULT_TIMEOUT", "HttpClient", "redact", "user_agent"]

DEFAULT_TIMEOUT = 30.0
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024
_CHUNK = 1024 * 1024


class _Response(Protocol):
    """What ``urlopen`` returns for http, https and file addresses alike."""

    headers: Message

    def read(self, size: int = -1, /) -> bytes: ...
    def __enter__(self) -> _Response: ...
    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None, /
    ) -> None: ...


def user_agent() -> str:
    """The ``User-Agent`` faasguard sends."""
    from faasguard import __version__

    return f"faasguard/{__version__} (+vulnerability lookup)"


def redact(url: str) -> str:
    """``url`` without user name, password, query or fragment, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = host + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return "(an invalid URL)"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _one_line(text: str, limit: int = 160) -> str:
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _error_detail(body: bytes) -> str:
    try:
        data = json.loads(body[:65536])
    except ValueError:
        return ""
    message = data.get("message") or data.get("error") if isinstance(data, dict) else None
    return f": {_one_line(message)}" if isinstance(message, str) and message else ""


@dataclass(frozen=True, slots=True)
class HttpClient:
    """Requests to one service; ``service`` names it in error messages."""

    service: str
    timeout: float = DEFAULT_TIMEOUT
    schemes: tuple[str, ...] = ("http", "https")

    def get_json(self, url: str) -> object:
        """GET ``url`` and decode its JSON answer."""
        return self._json(self._request(url, None), url)

    def post_json(self, url: str, body: object) -> object:
        """POST ``body`` as JSON to ``url`` and decode the JSON answer."""
        data = json.dumps(body, separators=(",", ":")).encode()
        return self._json(self._request(url, data), url)

    def download(self, url: str, dest: Path) -> datetime | None:
        """Save what ``url`` serves into ``dest``; return its Last-Modified time."""
        from email.utils import parsedate_to_datetime

        request = self._build(url, None, accept="*/*", gzip=False)
        with self._open(request) as response, dest.open("wb") as out:
            self._copy(response, out, request.full_url)
            stamp = response.headers.get("Last-Modified")
        try:
            return parsedate_to_datetime(stamp) if stamp else None
        except (TypeError, ValueError):
            return None

    # -- internals ---------------------------------------------------------

    def _build(self, url: str, data: bytes | None, *, accept: str, gzip: bool) -> Request:
        from urllib.parse import urlsplit, urlunsplit
        from urllib.request import Request

        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises ValueError for a malformed port
        except ValueError:
            raise NotConfiguredError(f"{self.service}: {redact(url)} is not a valid address") from None
        if parts.scheme not in self.schemes:
            raise NotConfiguredError(
                f"{self.service}: {redact(url)} is not a {'/'.join(self.schemes)} address"
            )
        if "@" in parts.netloc:  # credentials are never sent; the server will say if it needs them
            url = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
        headers = {"User-Agent": user_agent(), "Accept": accept}
        if gzip:
            headers["Accept-Encoding"] = "gzip"
        if data is not None:
            headers["Content-Type"] = "application/json"
        return Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")

    def _request(self, url: str, data: bytes | None) -> bytes:
        request = self._build(url, data, accept="application/json", gzip=True)
        with self._open(request) as response:
            body = self._read(response, request.full_url)
            encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
        return self._gunzip(body, url) if encoding in ("gzip", "x-gzip") else body

    def _open(self, request: Request) -> _Response:
        import http.client
        from urllib.error import HTTPError, URLError
        from urllib.request import urlopen

        where = f"{request.get_method()} {redact(request.full_url)}"
        try:
            response: _Response = urlopen(request, timeout=self.timeout)
        except HTTPError as exc:
            try:
                detail = _error_detail(exc.read(65536)) if exc.fp is not None else ""
            except (OSError, http.client.HTTPException):
                detail = ""
            exc.close()
            raise HTTPStatusError(
                f"{self.service}: HTTP {exc.code} {_one_line(str(exc.reason))} from {where}{detail}",
                exc.code,
            ) from None
        except URLError as exc:
            raise NetworkError(
                f"{self.service}: cannot reach {where}: {_one_line(str(exc.reason))}"
            ) from None
        except TimeoutError:
            raise NetworkError(f"{self.service}: no answer from {where} within {self.timeout:g} s") from None
        except (http.client.HTTPException, OSError, ValueError) as exc:
            raise NetworkError(
                f"{self.service}: {where} failed: {_one_line(str(exc)) or type(exc).__name__}"
            ) from None
        return response

    def _read(self, response: _Response, url: str) -> bytes:
        try:
            body = response.read(MAX_JSON_BYTES + 1)
        except (TimeoutError, OSError) as exc:
            raise NetworkError(
                f"{self.service}: reading the answer from {redact(url)} failed: {exc}"
            ) from None
        if len(body) > MAX_JSON_BYTES:
            raise ResponseError(f"{self.service}: the answer from {redact(url)} is larger than 64 MiB")
        return body

    def _copy(self, response: _Response, out: BinaryIO, url: str) -> None:
        total = 0
        try:
            while chunk := response.read(_CHUNK):
                total += len(chunk)
                if total > MAX_DOWNLOAD_BYTES:
                    raise ResponseError(f"{self.service}: {redact(url)} is larger than 4 GiB")
                out.write(chunk)
        except (TimeoutError, ConnectionError) as exc:
            raise NetworkError(f"{self.service}: downloading {redact(url)} failed: {exc}") from None

    def _gunzip(self, body: bytes, url: str) -> bytes:
        import zlib

        inflater = zlib.decompressobj(wbits=31)
        try:
            data = inflater.decompress(body, MAX_JSON_BYTES + 1)
        except zlib.error:
            raise ResponseError(f"{self.service}: the gzip answer from {redact(url)} is corrupt") from None
        if len(data) > MAX_JSON_BYTES or inflater.unconsumed_tail:
            raise ResponseError(f"{self.service}: the answer from {redact(url)} inflates past 64 MiB")
        return data

    def _json(self, body: bytes, url: str) -> object:
        try:
            return json.loads(body)
        except ValueError as exc:
            why = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
            raise ResponseError(
                f"{self.service}: the answer from {redact(url)} is not JSON ({why})"
            ) from None
