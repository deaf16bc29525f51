"""The HTTP side of the Drive source: credentials, one client per thread, retries.

Every call goes through `DriveApi.call`, which retries what retrying can cure (429, 403
rate limits, 5xx, timeouts, dropped connections) with exponential backoff and jitter,
honouring Retry-After, and turns everything else into an `ApiFailure` the caller reads or a
`SourceError` that says what the admin should do.
"""

from __future__ import annotations

import json
import os
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import google.auth.exceptions
import google_auth_httplib2
import httplib2
import structlog
from google.oauth2 import service_account
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError
from googleapiclient.http import HttpRequest

from watcher.sources.base import SourceError
from watcher.sources.rate import RateLimiter

log = structlog.get_logger(__name__)

SCOPES = ["https://www.googleapis.com/auth/drive.readonly"]
RETRYABLE_403 = {"rateLimitExceeded", "userRateLimitExceeded", "backendError"}
RATE_403 = {"rateLimitExceeded", "userRateLimitExceeded"}
BACKOFF_BASE = 1.0
BACKOFF_CAP = 64.0


class ApiFailure(Exception):
    """An answer retrying will not change (404, 403 permission, 400...)."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(status, reason, message)
        self.status = status
        self.reason = reason
        self.message = message

    def __str__(self) -> str:
        return f"HTTP {self.status} {self.reason}: {self.message}"

    @property
    def code(self) -> str:
        """'HTTP 404 notFound': short enough to quote, no English sentence from Google."""
        return f"HTTP {self.status} {self.reason}".strip()


class Tally:
    """API requests made for one listing or download (retries included, token exchange not)."""

    def __init__(self) -> None:
        self.requests = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:  # download threads share a tally
            self.requests += 1


class _Client:
    """The Drive client every thread shares: `files()` and `changes()` built once from one
    parsed discovery document (building them costs more than a small download, and each copy
    holds ~1 MB of parsed document and docstrings). Requests it makes go out on the calling
    thread's own `Http` (see `DriveApi._request`): httplib2 is not thread-safe."""

    def __init__(self, service: Any) -> None:
        self._files = service.files()
        self._changes = service.changes()

    def files(self) -> Any:
        return self._files

    def changes(self) -> Any:
        return self._changes


@dataclass(frozen=True)
class Connection:
    credentials_file: Path | None
    subject: str | None
    api_endpoint: str
    timeout_seconds: float
    max_retries: int
    max_requests_per_second: float = 100.0


class DriveApi:
    def __init__(
        self,
        connection: Connection,
        *,
        sleep: Callable[[float], None],
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.connection = connection
        self._sleep = sleep
        self._rand = rand
        self._local = threading.local()  # httplib2 is not thread-safe: one Http per thread
        self._client: _Client | None = None  # the resources, shared
        self._building = threading.Lock()
        self._shared: service_account.Credentials | None = None  # one token for all threads
        self._lock = threading.Lock()
        self._key_path: Path | None = None
        self._client_email = ""
        # paced with the same sleep as the backoff: tests that skip waiting skip both
        self.limiter = RateLimiter(connection.max_requests_per_second, sleep=sleep)

    @property
    def client_email(self) -> str:
        self._credentials_path()
        return self._client_email or "(tài khoản dịch vụ)"

    def service(self) -> Any:
        """The shared client; its requests go out on this thread's own `Http`."""
        if getattr(self._local, "http", None) is None:
            self._local.http = google_auth_httplib2.AuthorizedHttp(
                self._credentials(), http=httplib2.Http(timeout=self.connection.timeout_seconds)
            )
        if self._client is None:
            with self._building:
                if self._client is None:  # once: building edits the parsed document
                    self._client = _Client(
                        build(
                            "drive",
                            "v3",
                            http=self._local.http,
                            requestBuilder=self._request,
                            static_discovery=True,
                            cache_discovery=False,
                            client_options={"api_endpoint": self.connection.api_endpoint},
                        )
                    )
        return self._client

    def _request(self, _http: Any, *args: Any, **kwargs: Any) -> HttpRequest:
        """A request of the shared client, sent on the calling thread's `Http`."""
        self.service()
        return HttpRequest(self._local.http, *args, **kwargs)

    def call(self, tally: Tally, what: str, send: Callable[[Any], Any]) -> Any:
        """Run `send(service)` (which makes one HTTP request) with retries."""
        attempts = self.connection.max_retries + 1
        for attempt in range(attempts):
            tally.add()
            try:
                service = self.service()  # built before the wait: the request leaves on time
                with self.limiter.request():
                    return send(service)
            except HttpError as error:
                failure = _classify(error)
            except google.auth.exceptions.RefreshError as error:
                if not getattr(error, "retryable", False):
                    raise self._refused(error) from error
                failure = _Retry(f"token exchange: {error}", None)
            except (
                google.auth.exceptions.TransportError,
                httplib2.HttpLib2Error,
                OSError,
            ) as error:
                # timeouts, resets, refused connections, an unreachable token endpoint
                failure = _Retry(f"{type(error).__name__}: {error}", None)
            if isinstance(failure, ApiFailure):
                raise failure
            if attempt + 1 == attempts:
                raise SourceError(
                    f"Google Drive did not answer ({what}) after {attempts} attempts: "
                    f"{failure.detail}",
                    key="source.drive_unreachable",
                    values={"what": what, "attempts": attempts},
                )
            delay = self._backoff(attempt, failure.retry_after)
            log.warning(
                "drive.retry",
                what=what,
                attempt=attempt + 1,
                delay=round(delay, 2),
                detail=failure.detail,
            )
            if failure.rate_limited:
                self.limiter.hold(delay)  # every thread waits (in `wait`), not only this one
            else:
                self._sleep(delay)
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt)
        delay = ceiling * (0.5 + self._rand() / 2)  # jitter: spread clients that failed together
        return max(delay, retry_after or 0.0)

    # --- credentials ----------------------------------------------------------------
    def _credentials_path(self) -> Path:
        if self._key_path is not None:
            return self._key_path
        configured = self.connection.credentials_file
        env = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
        path = configured or (Path(env) if env else None)
        if path is None:
            raise SourceError(
                "no service account key (credentials_file, GOOGLE_APPLICATION_CREDENTIALS)",
                permanent=True,
                key="source.drive_no_key",
            )
        self._client_email = _read_key(path)
        self._key_path = path
        return path

    def _credentials(self) -> service_account.Credentials:
        with self._lock:
            if self._shared is None:
                path = self._credentials_path()
                try:
                    self._shared = service_account.Credentials.from_service_account_file(
                        str(path), scopes=SCOPES, subject=self.connection.subject
                    )
                except (ValueError, KeyError) as error:
                    raise _bad_key(path, str(error)) from error
            return self._shared

    def _refused(self, error: Exception) -> SourceError:
        detail = str(error.args[0]) if error.args else str(error)
        hint = (
            f" Nếu dùng subject ({self.connection.subject}), kiểm tra quyền ủy quyền toàn miền "
            "(domain-wide delegation) cho phạm vi drive.readonly."
            if self.connection.subject
            else ""
        )
        return SourceError(
            f"Google refused the service account key in {self._key_path} ({detail}).{hint}",
            permanent=True,
            key="source.drive_key_refused",
            values={"path": self._key_path},
        )


@dataclass(frozen=True)
class _Retry:
    detail: str
    retry_after: float | None
    rate_limited: bool = False


def _classify(error: HttpError) -> _Retry | ApiFailure:
    status = int(error.resp.status)
    reason, message = _reason(error)
    retry_after = _retry_after(error.resp.get("retry-after"))
    rate_limited = status == 429 or (status == 403 and reason in RATE_403)
    if rate_limited or status >= 500 or (status == 403 and reason in RETRYABLE_403):
        return _Retry(f"HTTP {status} {reason or message}".strip(), retry_after, rate_limited)
    return ApiFailure(status, reason, message)


def _reason(error: HttpError) -> tuple[str, str]:
    try:
        body = json.loads(error.content.decode("utf-8"))["error"]
        errors = body.get("errors") or [{}]
        return str(errors[0].get("reason", body.get("status", ""))), str(body.get("message", ""))
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return "", str(error.reason)


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: rare from Google; the backoff is long enough


def _read_key(path: Path) -> str:
    """The key's client_email; a SourceError saying what is wrong with the file otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise SourceError(
            f"the service account key file {path} does not exist",
            permanent=True,
            key="source.drive_key_missing",
            values={"path": path},
        ) from error
    except (OSError, ValueError) as error:
        raise _bad_key(path, str(error)) from error
    if not isinstance(data, dict) or data.get("type") != "service_account":
        raise _bad_key(path, "type is not service_account")
    return str(data.get("client_email", ""))


def _bad_key(path: Path, detail: str) -> SourceError:
    return SourceError(
        _bad_key_message(path, detail),
        permanent=True,
        key="source.drive_bad_key",
        values={"path": path},
    )


def _bad_key_message(path: Path, detail: str) -> str:
    return (
        f"Tệp {path} không phải khoá JSON của tài khoản dịch vụ Google ({detail}). Hãy tải lại "
        "khoá: Google Cloud Console → IAM → Tài khoản dịch vụ → Khoá → Thêm khoá → JSON."
    )
