"""Send queued e-mail: store first, then send, then record the result with a conditional update.

A crash between sending and recording re-sends the same bytes with the same Message-ID, which
mail systems deduplicate; a message is never lost.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import structlog

from watcher import logs
from watcher.config import Settings
from watcher.notify.transports import OutboxTransport, Transport, TransportError
from watcher.store import Store, iso

log = structlog.get_logger("watcher.deliver")


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def make_transport(settings: Settings) -> Transport:
    email = settings.raw.email
    if email.transport == "outbox":
        return OutboxTransport(settings.outbox_dir)
    from watcher.notify.smtp import SmtpTransport

    password = os.environ.get("WATCHER_SMTP_PASSWORD")
    if password is None and settings.smtp_password_file:
        password = Path(settings.smtp_password_file).read_text(encoding="utf-8").strip()
    logs.register_secret(password)  # never in a log line or a traceback, whatever happens
    return SmtpTransport(
        host=email.smtp_host,
        port=email.smtp_port,
        security=email.smtp_security,
        username=email.smtp_username,
        password=password,
        timeout=email.smtp_timeout,
        ca_file=email.smtp_ca_file,
    )


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes, capped at an hour, with jitter so retries don't stampede."""
    minutes = min(60.0, 2.0 ** max(0, attempts))
    return timedelta(minutes=minutes * random.uniform(0.8, 1.2))


LEASE = timedelta(minutes=10)


def claim(store: Store, mail: sqlite3.Row, now: datetime) -> bool:
    """Take one due message for `LEASE`: a second deliverer (or a restart within the lease)
    leaves it alone; after a crash it is due again when the lease ends, so it is re-sent with
    the same bytes and Message-ID, never lost. Only the bytes read are claimed: a message
    rewritten since (see `queue.refresh_unclaimed`) is left for the next round."""
    cursor = store.db.execute(
        "UPDATE outbox SET not_before = ?, claimed_at = COALESCE(claimed_at, ?) "
        "WHERE id = ? AND state = 'queued' AND not_before = ? AND message = ?",
        (iso(now + LEASE), iso(now), mail["id"], mail["not_before"], mail["message"]),
    )
    return cursor.rowcount == 1


def deliver(
    settings: Settings, store: Store, transport: Transport, now: datetime, *, limit: int = 100
) -> DeliveryReport:
    """Send every queued message that is due; record each result with a conditional update."""
    report = DeliveryReport()
    sender = settings.raw.email.sender
    for mail in store.due_mail(now, limit):
        if not claim(store, mail, now):
            continue
        recipients = tuple(json.loads(mail["recipients"]))
        try:
            transport.send(bytes(mail["message"]), sender, recipients, mail["message_id"])
        except TransportError as error:
            retry_at = None if error.permanent else now + backoff(int(mail["attempts"]))
            # a server may echo the credentials; the error is shown to staff in the digest
            store.mark_failed(mail["id"], now, logs.scrub(str(error)), retry_at=retry_at)
            if retry_at:
                report.retrying += 1
            else:
                report.failed += 1
            log.warning("mail.failed", key=mail["key"], error=str(error), permanent=error.permanent)
            continue
        if store.mark_sent(mail["id"], now):
            report.sent += 1
            log.info("mail.sent", key=mail["key"], kind=mail["kind"], recipients=len(recipients))
    return report
