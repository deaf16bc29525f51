"""structlog set-up: readable lines on a terminal, JSON lines otherwise; secrets never logged.

Events have stable dotted names (`poll.done`, `config.reload_failed`); the values are data.
Secrets are removed three times: any key that names one is masked, text values are scrubbed of
passwords in URLs, `token=...` pairs, bearer tokens and private keys, and every secret the
program itself holds (the SMTP password, `register_secret`) is replaced wherever it appears,
tracebacks included. Tracebacks never show local variables: on a terminal they are plain
Python tracebacks, scrubbed, with control characters escaped. Records from the standard
library (APScheduler, googleapiclient) go through the same renderer.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog

from watcher import safe

_SECRET_WORDS = ("password", "passwd", "secret", "token", "private_key", "authorization", "apikey")
_SCRUB = [
    (
        re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", re.S),
        "[private key]",
    ),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 ***"),
    (re.compile(r"(?i)([a-z][a-z0-9+.-]*://[^/\s:@]+:)[^@\s/]+@"), r"\1***@"),
    (
        re.compile(
            r"(?i)\b((?:access_|refresh_|id_)?token|password|passwd|pwd|secret|client_secret"
            r"|api_?key)(\"?\s*[=:]\s*\"?)([^\s\"'&,;]+)"
        ),
        r"\1\2***",
    ),
]
_verbose = False
_known: set[str] = set()  # secrets this process holds, removed from every line verbatim
_SHORTEST_SECRET = 4  # shorter ones would blank out ordinary words


def register_secret(value: str | None) -> None:
    """From now on `value` never appears in a log line or a traceback."""
    if value and len(value.strip()) >= _SHORTEST_SECRET:
        _known.add(value.strip())


def scrub(value: Any) -> Any:
    """The value with anything that looks like a secret replaced by ***."""
    if isinstance(value, str):
        for secret in sorted(_known, key=len, reverse=True):
            value = value.replace(secret, "***")
        for pattern, replacement in _SCRUB:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list | tuple):
        return type(value)(scrub(item) for item in value)
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    return value


def _redact(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in list(event):
        if any(word in key.lower() for word in _SECRET_WORDS):
            event[key] = "***"
        else:
            event[key] = scrub(event[key])
    return event


def _defang(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Text values shown with control and direction characters escaped: a file name in a log
    line must not drive the terminal it is read on (JSON lines escape them in the serializer)."""
    for key, value in event.items():
        if isinstance(value, str):
            event[key] = safe.terminal(value, multiline=True)
    return event


def plain_traceback(sio: TextIO, exc_info: Any) -> None:
    """structlog's exception formatter on a terminal: Python's own traceback (no local
    variables, unlike Rich's), scrubbed of secrets, control characters shown escaped."""
    text = "".join(traceback.format_exception(*exc_info))
    sio.write("\n" + safe.terminal(scrub(text), multiline=True))


def configure_logging(
    *, verbose: bool = False, json_lines: bool | None = None, level: int | None = None
) -> None:
    """`level` raises the floor for long-running commands (the daemon logs at INFO)."""
    global _verbose
    _verbose = verbose or _verbose
    register_secret(os.environ.get("WATCHER_SMTP_PASSWORD"))
    threshold = logging.DEBUG if _verbose else (level or logging.WARNING)
    if json_lines is None:
        json_lines = not sys.stderr.isatty()
    renderer: Any = (
        structlog.processors.JSONRenderer(serializer=safe.dumps, ensure_ascii=False)
        if json_lines
        else structlog.dev.ConsoleRenderer(exception_formatter=plain_traceback)
    )
    defang = [] if json_lines else [_defang]
    shared: list[Any] = [
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            *shared,
            *([structlog.processors.format_exc_info] if json_lines else []),
            _redact,
            *defang,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(threshold),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    _route_standard_logging(shared, [*defang, renderer], threshold)


def _route_standard_logging(shared: list[Any], rendering: list[Any], threshold: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                _redact,
                *rendering,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(max(threshold, logging.WARNING))
    # APScheduler's own chatter ("Added job", "skipped: maximum instances") is ours to report.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
