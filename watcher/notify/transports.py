"""Where e-mail goes: an outbox folder of .eml files, or an SMTP server.

A transport has one method, `send(message, sender, recipients, message_id)`. It returns the
recipients the server refused one by one (each with the server's code, so 4xx is retried for
that address only and 5xx fails that address only), and raises `TransportError` for the rest:

- `session=True`: the server would not take mail at all (no connection, a refused greeting,
  AUTH, MAIL FROM or TLS; a dropped or silent connection). That is the department's set-up or
  an outage, not this message's fault: nothing is marked failed, the queue waits;
- otherwise the message itself was refused (at DATA): `permanent` says whether retrying helps.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Refusal:
    """The server's answer to one recipient (or to the message, at DATA)."""

    code: int
    text: str

    @property
    def permanent(self) -> bool:
        return 500 <= self.code < 600

    def __str__(self) -> str:
        return f"{self.code} {self.text}".strip()


Refusals = dict[str, Refusal]


class TransportError(Exception):
    def __init__(
        self, message: str, *, permanent: bool = False, session: bool = False, answer: str = ""
    ) -> None:
        super().__init__(message)
        self.permanent = permanent and not session
        self.session = session
        self.answer = answer or message  # the server's own words, for admins


class Transport(Protocol):
    def send(
        self, message: bytes, sender: str, recipients: tuple[str, ...], message_id: str
    ) -> Refusals: ...


class OutboxTransport:
    """Writes each message as an .eml file; the same message always gets the same file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(
        self, message: bytes, sender: str, recipients: tuple[str, ...], message_id: str
    ) -> Refusals:
        name = hashlib.sha256(message_id.encode()).hexdigest()[:20] + ".eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".part-")
            with os.fdopen(handle, "wb") as out:
                out.write(message)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.folder / name)
        except OSError as error:
            raise TransportError(f"cannot write to {self.folder}: {error}", session=True) from error
        return {}

    def abort(self) -> None:
        """Nothing to interrupt: writing a file does not hang on a peer."""
