"""Where e-mail goes: an outbox folder of .eml files, or an SMTP server.

A transport has one method, `send(message, recipients)`, and raises `TransportError` saying
whether retrying can help.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Protocol


class TransportError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Transport(Protocol):
    def send(
        self, message: bytes, sender: str, recipients: tuple[str, ...], message_id: str
    ) -> None: ...


class OutboxTransport:
    """Writes each message as an .eml file; the same message always gets the same file name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(
        self, message: bytes, sender: str, recipients: tuple[str, ...], message_id: str
    ) -> None:
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
            raise TransportError(f"cannot write to {self.folder}: {error}") from error
