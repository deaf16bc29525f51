"""A stand-in for the Drive v3 API, served over real HTTP on 127.0.0.1.

The real google-api-python-client talks to it through google-auth's service-account flow:
`/token` checks the signed JWT, the API checks the bearer token. It serves files.list (with
a real `q` grammar, partial responses and short pages), files.get (metadata and
`alt=media` with byte ranges), files.export, changes.getStartPageToken and changes.list,
and can inject faults, latency and Drive's known quirks.
"""

from __future__ import annotations

import json
import random
import re
import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography.hazmat.primitives.asymmetric import rsa

from tests.drivestub import auth
from tests.drivestub.fields import FieldsError, apply_mask, parse_mask
from tests.drivestub.query import QueryError, parse
from tests.drivestub.store import FOLDER, GOOGLE_DOC, GOOGLE_PREFIX, SHORTCUT, Store

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_LIST_FIELDS = "kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)"
DEFAULT_GET_FIELDS = "kind,id,name,mimeType"
DEFAULT_CHANGES_FIELDS = (
    "kind,nextPageToken,newStartPageToken,"
    "changes(kind,changeType,time,removed,fileId,file(kind,id,name,mimeType))"
)
FAULT_KINDS = ("429", "403-rate", "403-user-rate", "500", "503")


@dataclass(frozen=True)
class Logged:
    endpoint: str
    method: str
    params: dict[str, str]
    override: str | None  # x-http-method-override header
    status: int
    at: float = 0.0  # when the request arrived (time.monotonic)


@dataclass
class Faults:
    ratio: float = 0.0  # share of API requests that fail with one of `kinds`
    kinds: tuple[str, ...] = FAULT_KINDS
    down: bool = False  # every connection is dropped without an answer
    latency: float = 0.0  # seconds added to every API request
    retry_after: int = 1
    empty_grouped: bool = False  # Drive quirk: a query with several parents answers nothing
    incomplete_grouped: bool = False  # a query with several parents says incompleteSearch
    page_cap: int | None = None  # short pages: never more than this many items per page
    expired_token_status: int = 410
    export_limit: int = 10 * 1024 * 1024
    forbidden: set[str] = field(default_factory=set)  # ids that answer 403 (no permission)


class DriveStub:
    def __init__(self, *, seed: int = 0, latency: float = 0.0) -> None:
        self.store = Store()
        self.faults = Faults(latency=latency)
        self.hidden: set[str] = set()  # ids the service account cannot see (not shared)
        self.counts: Counter[str] = Counter()
        self.log: list[Logged] = []
        self.grants: list[auth.Grant] = []
        self.bytes_served = 0
        self._keys: dict[str, rsa.RSAPublicKey] = {}
        self._tokens: set[str] = set()
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------
    def start(self) -> DriveStub:
        handler = type("Handler", (_Handler,), {"stub": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> DriveStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the stub first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_endpoint(self) -> str:
        return f"{self.url}/drive/v3/"

    @property
    def token_uri(self) -> str:
        return f"{self.url}/token"

    def write_service_account_key(
        self, path: Path, client_email: str = "watcher@phong-gddt-test.iam.gserviceaccount.com"
    ) -> Path:
        self._keys[client_email] = auth.new_key(path, self.token_uri, client_email)
        return path

    def revoke_tokens(self) -> None:
        self._tokens.clear()

    # --- the tree ----------------------------------------------------------------------
    def add_folder(self, name: str, parent: str | None = None, **values: Any) -> str:
        return self.store.add(name, parent, FOLDER, **values)

    def add_file(
        self,
        name: str,
        parent: str,
        content: bytes = b"%PDF-1.4 scan",
        mime_type: str = "application/pdf",
        **values: Any,
    ) -> str:
        return self.store.add(name, parent, mime_type, content=content, **values)

    def add_google_doc(self, name: str, parent: str, export_content: bytes = b"") -> str:
        return self.store.add(name, parent, GOOGLE_DOC, export_content=export_content)

    def add_shortcut(self, name: str, parent: str, target: str) -> str:
        return self.store.add(name, parent, SHORTCUT, target=target)

    def update_file(self, item_id: str, content: bytes) -> None:
        self.store.update(item_id, content=content)

    def rename(self, item_id: str, name: str) -> None:
        self.store.update(item_id, name=name)

    def move(self, item_id: str, new_parent: str) -> None:
        self.store.move(item_id, new_parent)

    def trash(self, item_id: str) -> None:
        self.store.trash(item_id)

    def delete(self, item_id: str) -> None:
        self.store.delete(item_id)

    def expire_change_tokens(self) -> None:
        self.store.oldest_token = self.store.next_token()

    # --- accounting ---------------------------------------------------------------------
    @property
    def api_requests(self) -> int:
        return sum(n for endpoint, n in self.counts.items() if endpoint != "token")

    def reset_counts(self) -> None:
        with self._lock:
            self.counts.clear()
            self.log.clear()
            self.bytes_served = 0

    def requests_to(self, endpoint: str) -> list[Logged]:
        return [entry for entry in self.log if entry.endpoint == endpoint]

    def _note(self, entry: Logged) -> None:
        with self._lock:
            self.counts[entry.endpoint] += 1
            self.log.append(entry)

    def _draw_fault(self) -> str | None:
        with self._lock:
            if self.faults.ratio and self._random.random() < self.faults.ratio:
                return self._random.choice(self.faults.kinds)
        return None

    def visible(self, item_id: str) -> bool:
        return item_id in self.store.items and item_id not in self.hidden


class _Reply(Exception):
    def __init__(
        self, status: int, body: dict[str, Any] | bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.status = status
        self.body = body
        self.headers = headers or {}


def _error(status: int, reason: str, message: str, **extra: str) -> _Reply:
    detail = {"domain": "global", "reason": reason, "message": message, **extra}
    return _Reply(status, {"error": {"code": status, "message": message, "errors": [detail]}})


_FAULT_REPLIES = {
    "429": lambda retry_after: _Reply(
        429,
        {"error": {"code": 429, "message": "Too Many Requests", "status": "RESOURCE_EXHAUSTED"}},
        {"Retry-After": str(retry_after)},
    ),
    "403-rate": lambda _: _error(403, "rateLimitExceeded", "Rate Limit Exceeded"),
    "403-user-rate": lambda _: _error(403, "userRateLimitExceeded", "User Rate Limit Exceeded"),
    "500": lambda _: _error(500, "backendError", "Internal Error"),
    "503": lambda _: _error(503, "backendError", "Service Unavailable"),
}
_ROUTES = [
    (re.compile(r"^/token$"), "token"),
    (re.compile(r"^/drive/v3/files$"), "files.list"),
    (re.compile(r"^/drive/v3/files/(?P<id>[^/]+)/export$"), "files.export"),
    (re.compile(r"^/drive/v3/files/(?P<id>[^/]+)$"), "files.get"),
    (re.compile(r"^/drive/v3/changes/startPageToken$"), "changes.getStartPageToken"),
    (re.compile(r"^/drive/v3/changes$"), "changes.list"),
]


class _Handler(BaseHTTPRequestHandler):
    stub: DriveStub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        stub, arrived = self.stub, time.monotonic()
        if stub.faults.down:
            self.close_connection = True
            return
        parts = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("content-length") or 0)).decode()
        override = self.headers.get("x-http-method-override")
        params_text = body if self.command == "POST" and parts.path != "/token" else parts.query
        params = {k: v[-1] for k, v in parse_qs(params_text, keep_blank_values=True).items()}
        if parts.path == "/token":
            params = {k: v[-1] for k, v in parse_qs(body).items()}
        endpoint, match = _route(parts.path)
        if endpoint == "files.get" and params.get("alt") == "media":
            endpoint = "files.get_media"
        try:
            reply = self._dispatch(endpoint, match, params, override)
        except _Reply as raised:
            reply = raised
        stub._note(Logged(endpoint, self.command, params, override, reply.status, arrived))
        self._send(reply)

    def _dispatch(
        self,
        endpoint: str,
        match: re.Match[str] | None,
        params: dict[str, str],
        override: str | None,
    ) -> _Reply:
        stub = self.stub
        if endpoint == "token":
            return self._token(params)
        if stub.faults.latency:
            time.sleep(stub.faults.latency)
        if self.command == "POST" and override != "GET":
            raise _error(405, "methodNotAllowed", "Only GET (or POST overriding GET) is served.")
        self._check_bearer()
        fault = stub._draw_fault()
        if fault is not None:
            raise _FAULT_REPLIES[fault](stub.faults.retry_after)
        file_id = match.group("id") if match and "id" in match.groupdict() else ""
        with stub.store.lock:
            handlers = {
                "files.list": lambda: _files_list(stub, params),
                "files.get": lambda: _files_get(stub, file_id, params),
                "files.get_media": lambda: _media(stub, file_id, self.headers.get("range")),
                "files.export": lambda: _export(stub, file_id, params),
                "changes.getStartPageToken": lambda: _start_token(stub),
                "changes.list": lambda: _changes(stub, params),
            }
            if endpoint not in handlers:
                raise _error(404, "notFound", f"No route for {self.path}")
            return handlers[endpoint]()

    def _token(self, form: dict[str, str]) -> _Reply:
        stub = self.stub
        try:
            grant = auth.check_assertion(form, stub.token_uri, stub._keys)
        except auth.GrantRefused as refused:
            return _Reply(400, {"error": refused.error, "error_description": refused.description})
        token = "ya29.stub-" + secrets.token_urlsafe(16)
        stub._tokens.add(token)
        stub.grants.append(grant)
        return _Reply(200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"})

    def _check_bearer(self) -> None:
        header = self.headers.get("authorization", "")
        if not header.startswith("Bearer ") or header[7:] not in self.stub._tokens:
            raise _Reply(
                401,
                {
                    "error": {
                        "code": 401,
                        "message": "Request had invalid authentication credentials.",
                        "status": "UNAUTHENTICATED",
                    }
                },
                {"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
            )

    def _send(self, reply: _Reply) -> None:
        if isinstance(reply.body, bytes):
            payload = reply.body
            content_type = reply.headers.pop("Content-Type", "application/octet-stream")
        else:
            payload = json.dumps(reply.body).encode()
            content_type = "application/json; charset=UTF-8"
        self.send_response(reply.status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


def _route(path: str) -> tuple[str, re.Match[str] | None]:
    for pattern, endpoint in _ROUTES:
        match = pattern.match(path)
        if match:
            return endpoint, match
    return "unknown", None


def _masked(body: dict[str, Any], params: dict[str, str], default: str) -> _Reply:
    try:
        mask = parse_mask(params.get("fields") or default)
    except FieldsError as error:
        raise _error(400, "invalidParameter", str(error), location="fields") from error
    return _Reply(200, apply_mask(body, mask))


def _files_list(stub: DriveStub, params: dict[str, str]) -> _Reply:
    try:
        query = parse(params.get("q", ""))
    except QueryError as error:
        raise _error(400, "invalid", str(error), location="q") from error
    grouped = query.parent_terms > 1
    if query.parents and query.parents & stub.faults.forbidden:
        raise _error(
            403,
            "insufficientFilePermissions",
            "The user does not have sufficient permissions for this file.",
        )
    items = [
        item.resource(stub.store)
        for item in stub.store.candidates(query.parents)
        if item.id not in stub.hidden
        and query.predicate(
            {
                "parents": item.parents,
                "name": item.name,
                "mime_type": item.mime_type,
                "trashed": item.trashed,
            }
        )
    ]
    if grouped and stub.faults.empty_grouped:
        items = []
    offset = int(params.get("pageToken", "p0")[1:] or 0)
    size = min(int(params.get("pageSize", 100)), 1000, stub.faults.page_cap or 1000)
    body: dict[str, Any] = {"kind": "drive#fileList", "files": items[offset : offset + size]}
    body["incompleteSearch"] = bool(grouped and stub.faults.incomplete_grouped)
    if offset + size < len(items):
        body["nextPageToken"] = f"p{offset + size}"
    return _masked(body, params, DEFAULT_LIST_FIELDS)


def _visible_item(stub: DriveStub, file_id: str) -> Any:
    if file_id in stub.faults.forbidden:
        raise _error(
            403,
            "insufficientFilePermissions",
            "The user does not have sufficient permissions for this file.",
        )
    if not stub.visible(file_id):
        raise _error(
            404,
            "notFound",
            f"File not found: {file_id}.",
            location="fileId",
            locationType="parameter",
        )
    return stub.store.items[file_id]


def _files_get(stub: DriveStub, file_id: str, params: dict[str, str]) -> _Reply:
    item = _visible_item(stub, file_id)
    return _masked(item.resource(stub.store), params, DEFAULT_GET_FIELDS)


def _media(stub: DriveStub, file_id: str, range_header: str | None) -> _Reply:
    item = _visible_item(stub, file_id)
    if item.mime_type.startswith(GOOGLE_PREFIX):
        raise _error(
            403,
            "fileNotDownloadable",
            "Only files with binary content can be downloaded. Use Export with Docs Editors files.",
            location="alt",
            locationType="parameter",
        )
    content, total = item.content, len(item.content)
    match = re.match(r"bytes=(\d+)-(\d*)", range_header or "")
    if match is None or total == 0:
        stub.bytes_served += total
        return _Reply(200, content)
    start = int(match.group(1))
    end = min(int(match.group(2) or total - 1), total - 1)
    if start >= total:
        raise _Reply(416, b"", {"Content-Range": f"bytes */{total}"})
    stub.bytes_served += end + 1 - start
    return _Reply(206, content[start : end + 1], {"Content-Range": f"bytes {start}-{end}/{total}"})


def _export(stub: DriveStub, file_id: str, params: dict[str, str]) -> _Reply:
    item = _visible_item(stub, file_id)
    if item.mime_type != GOOGLE_DOC or params.get("mimeType") != DOCX:
        raise _error(403, "fileNotExportable", "Export only supports Docs Editors files.")
    if len(item.export_content) > stub.faults.export_limit:
        raise _error(403, "exportSizeLimitExceeded", "This file is too large to be exported.")
    stub.bytes_served += len(item.export_content)
    return _Reply(200, item.export_content, {"Content-Type": DOCX})


def _start_token(stub: DriveStub) -> _Reply:
    token = str(stub.store.next_token())
    return _Reply(200, {"kind": "drive#startPageToken", "startPageToken": token})


def _changes(stub: DriveStub, params: dict[str, str]) -> _Reply:
    token_text = params.get("pageToken", "")
    if not token_text.isdigit():
        raise _error(400, "invalid", "Invalid Value", location="pageToken")
    token = int(token_text)
    if token < stub.store.oldest_token or token > stub.store.next_token():
        raise _error(
            stub.faults.expired_token_status, "invalid", "Invalid page token.", location="pageToken"
        )
    size = min(int(params.get("pageSize", 100)), 1000, stub.faults.page_cap or 1000)
    pending = stub.store.changes_since(token)
    page = pending[:size]
    body: dict[str, Any] = {"kind": "drive#changeList", "changes": [_change(stub, c) for c in page]}
    if len(pending) > size:
        body["nextPageToken"] = str(page[-1].seq + 1)
    else:
        body["newStartPageToken"] = str(stub.store.next_token())
    return _masked(body, params, DEFAULT_CHANGES_FIELDS)


def _change(stub: DriveStub, change: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": "drive#change",
        "changeType": "file",
        "fileId": change.file_id,
        "time": change.time.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "removed": not stub.visible(change.file_id),
    }
    if not entry["removed"]:
        entry["file"] = stub.store.items[change.file_id].resource(stub.store)
    return entry


__all__ = ["DOCX", "DriveStub", "FOLDER", "Faults", "GOOGLE_DOC", "SHORTCUT"]
