"""Send queued e-mail: store first, then send, then record the result with a conditional update.

A crash between sending and recording re-sends the same bytes with the same Message-ID, which
mail systems deduplicate; a message is never lost.

Results are kept per recipient, the way an MTA keeps them: an address that has the message is
never sent it again; a temporary refusal (4xx) of one address retries that address, with
backoff, for `email.give_up_after`; a permanent refusal (5xx) gives up on that address only.
A server that refuses the session marks nothing: the pass stops, the queue waits, and the
next pass tries again (admins are told, see `notify.alerts`). Before a school e-mail leaves it
is checked against the current statuses and clock (`notify.freshness`): a reminder that is no
longer true is superseded, with why, instead of sent.

One pass has a deadline (`PASS_DEADLINE`) and each message its own lease (`LEASE`), measured
from the moment it is claimed, so a slow pass never lets a second deliverer take a message
that is still in flight.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import structlog

from watcher import logs
from watcher.config import Settings, parse_duration
from watcher.notify.transports import OutboxTransport, Refusal, Transport, TransportError
from watcher.store import Attempt, Store, iso, parse_time

log = structlog.get_logger("watcher.deliver")

LEASE = timedelta(minutes=10)
PASS_DEADLINE = timedelta(minutes=5)  # no new message is taken after this; well inside LEASE


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    superseded: int = 0
    refused: str = ""  # the server's answer when it refused the session; the queue waits
    stopped: bool = False  # the pass deadline or a shutdown ended the pass early


def password_reader(settings: Settings) -> str | None:
    """The SMTP password as it is now: env first, else the file's current content."""
    password = os.environ.get("WATCHER_SMTP_PASSWORD")
    if password is None and settings.smtp_password_file:
        password = Path(settings.smtp_password_file).read_text(encoding="utf-8").strip()
    logs.register_secret(password)  # never in a log line or a traceback, whatever happens
    return password


def make_transport(settings: Settings) -> Transport:
    email = settings.raw.email
    if email.transport == "outbox":
        return OutboxTransport(settings.outbox_dir)
    from watcher.notify.smtp import SmtpTransport

    return SmtpTransport(
        host=email.smtp_host,
        port=email.smtp_port,
        security=email.smtp_security,
        username=email.smtp_username,
        password_reader=lambda: password_reader(settings),
        timeout=email.smtp_timeout,
        ca_file=email.smtp_ca_file,
    )


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes, capped at an hour, with jitter so retries don't stampede."""
    minutes = min(60.0, 2.0 ** max(0, attempts))
    return timedelta(minutes=minutes * random.uniform(0.8, 1.2))


def claim(store: Store, mail: sqlite3.Row, now: datetime) -> bool:
    """Take one due message for `LEASE` from `now` (the moment of taking it): a second
    deliverer (or a restart within the lease) leaves it alone; after a crash it is due again
    when the lease ends, so it is re-sent with the same bytes and Message-ID, never lost.
    Only the bytes read are claimed: a message rewritten since (see
    `queue.refresh_unclaimed`) is left for the next round."""
    cursor = store.db.execute(
        "UPDATE outbox SET not_before = ?, claimed_at = COALESCE(claimed_at, ?) "
        "WHERE id = ? AND state = 'queued' AND not_before = ? AND message = ?",
        (iso(now + LEASE), iso(now), mail["id"], mail["not_before"], mail["message"]),
    )
    return cursor.rowcount == 1


def pending_recipients(mail: sqlite3.Row) -> tuple[str, ...]:
    """The addresses that neither have the message nor were given up on."""
    done = set(json.loads(mail["delivered"] or "[]")) | set(json.loads(mail["refused"] or "{}"))
    return tuple(a for a in json.loads(mail["recipients"]) if a not in done)


def deliver(
    settings: Settings,
    store: Store,
    transport: Transport,
    now: datetime,
    *,
    limit: int = 100,
    stop: threading.Event | None = None,
    deadline: timedelta = PASS_DEADLINE,
) -> DeliveryReport:
    """Send every queued message that is due; record each result with a conditional update."""
    from watcher.notify.alerts import note_mail_server
    from watcher.notify.freshness import Freshness

    report = DeliveryReport()
    started = time.monotonic()
    due = store.due_mail(now, limit)
    freshness = Freshness(settings, store, due)
    accepted = False
    for mail in due:
        moment = now + timedelta(seconds=time.monotonic() - started)
        if (stop is not None and stop.is_set()) or moment - now > deadline:
            report.stopped = True
            break
        reason = freshness.superseded(mail, moment)
        if not claim(store, mail, moment):
            continue
        if reason:
            store.supersede(mail["id"], reason, moment)
            report.superseded += 1
            log.info("mail.superseded", key=mail["key"], reason=reason)
            continue
        try:
            _attempt(settings, store, transport, mail, moment, report)
        except TransportError as error:
            store.release(mail, moment + LEASE)  # nothing left: due again next pass
            report.refused = error.answer
            log.warning("mail.session_refused", key=mail["key"], error=str(error))
            note_mail_server(settings, store, report.refused, False, moment)
            break
        if not accepted:  # at once: a refusal alert still waiting is superseded, not sent
            accepted = True
            note_mail_server(settings, store, "", True, moment)
    return report


def _attempt(
    settings: Settings,
    store: Store,
    transport: Transport,
    mail: sqlite3.Row,
    now: datetime,
    report: DeliveryReport,
) -> None:
    """Send one claimed message to the addresses still waiting for it; record per address.
    Raises `TransportError` only when the server refused the session (nothing recorded)."""
    recipients = pending_recipients(mail)
    try:
        refusals = transport.send(
            bytes(mail["message"]), settings.raw.email.sender, recipients, mail["message_id"]
        )
    except TransportError as error:
        if error.session:
            raise
        # the message itself was refused at DATA: the same answer for every address
        code = 554 if error.permanent else 451
        refusals = {address: Refusal(code, error.answer) for address in recipients}
    attempt = outcome(settings, mail, recipients, refusals, now)
    if not store.record_attempt(mail["id"], attempt):
        return
    if attempt.state == "sent":
        report.sent += 1
    elif attempt.state == "failed":
        report.failed += 1
    else:
        report.retrying += 1
    event = "mail.sent" if attempt.state == "sent" else f"mail.{attempt.state}"
    log.info(
        event,
        key=mail["key"],
        kind=mail["kind"],
        recipients=len(recipients),
        refused={a: str(r) for a, r in refusals.items()},
    )


def outcome(
    settings: Settings,
    mail: sqlite3.Row,
    recipients: tuple[str, ...],
    refusals: dict[str, Refusal],
    now: datetime,
) -> Attempt:
    """Pure: the message's state after one attempt that reached the server."""
    delivered = tuple(json.loads(mail["delivered"] or "[]")) + tuple(
        a for a in recipients if a not in refusals
    )
    refused: dict[str, str] = dict(json.loads(mail["refused"] or "{}"))
    # a server may echo the credentials; these are shown to staff in the digest
    refused |= {a: logs.scrub(str(r)) for a, r in refusals.items() if r.permanent}
    deferred = {a: logs.scrub(str(r)) for a, r in refusals.items() if not r.permanent}
    since = parse_time(mail["deferred_since"]) or now
    give_up = parse_duration(settings.raw.email.give_up_after)
    if deferred and now - since >= give_up:
        refused |= {
            a: f"{why} (still refused after {settings.raw.email.give_up_after})"
            for a, why in deferred.items()
        }
        deferred = {}
    failed_now = bool(set(refused) - set(json.loads(mail["refused"] or "{}")))
    if deferred:
        return Attempt(
            "queued",
            delivered,
            refused,
            now + backoff(int(mail["attempts"])),
            "; ".join(f"{a}: {why}" for a, why in deferred.items()),
            deferred_since=since,
            failed_at=now if failed_now else None,
            sent_at=now if delivered else None,
        )
    state = "sent" if delivered else "failed"
    error = "; ".join(f"{a}: {why}" for a, why in refused.items())
    return Attempt(
        state,
        delivered,
        refused,
        now,
        error,
        failed_at=now if failed_now else None,
        sent_at=now if delivered else None,
    )
