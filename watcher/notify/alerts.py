"""Admins are told, once: a mail server that keeps refusing, polls that keep failing.

Each trouble has one state in `meta` (since when, the latest answer, the alert's key). The
alert is queued once the trouble has lasted `alerts.*` long; when it ends, one "recovered"
note goes out (and an alert still waiting in the queue is superseded by it, since it tells
the whole story). Keys carry the trouble's start, so a second pass never queues a second
alert: no storms.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import structlog

from watcher.config import Settings, parse_duration
from watcher.i18n import t
from watcher.model import CHECKER_FAILURES, SourceFile
from watcher.notify import compose
from watcher.store import QueuedMail, Store, iso, parse_time

log = structlog.get_logger("watcher.alerts")


def _load(store: Store, name: str) -> dict[str, Any] | None:
    text = store.get_meta(f"alert:{name}")
    return json.loads(text) if text else None


def _save(store: Store, name: str, state: dict[str, Any] | None) -> None:
    if state is None:
        store.db.execute("DELETE FROM meta WHERE key = ?", (f"alert:{name}",))
    else:
        store.set_meta(f"alert:{name}", json.dumps(state, ensure_ascii=False))


def when(settings: Settings, moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return moment.astimezone(settings.timezone).strftime("%d/%m/%Y %H:%M")


def mail_server_name(settings: Settings) -> str:
    email = settings.raw.email
    if email.transport == "outbox":
        return str(settings.outbox_dir)
    return f"{email.smtp_host}:{email.smtp_port or ''}".rstrip(":")


def admin_message(
    settings: Settings, key: str, subject: str, text: str, now: datetime
) -> QueuedMail | None:
    """A plain-text e-mail to the admins (None when the config names none)."""
    admins = settings.admins
    if not admins:
        return None
    message, identifier = compose.build(
        key=key,
        sender=settings.raw.email.sender,
        recipients=admins,
        subject=subject,
        text=text,
        html=None,
        now=now,
    )
    return QueuedMail(key, "admin", None, admins, subject, message, identifier)


def queue_admin(
    settings: Settings, store: Store, key: str, subject: str, text: str, now: datetime
) -> bool:
    mail = admin_message(settings, key, subject, text, now)
    if mail is None:
        log.warning("alert.no_admins", key=key, subject=subject)
        return False
    queued = store.enqueue(mail, now)
    if queued:
        log.warning("alert.queued", key=key)
    return queued


# --- the mail server -----------------------------------------------------------------------


def note_mail_server(
    settings: Settings, store: Store, refused: str, accepted: bool, now: datetime
) -> None:
    """After (or during) a delivery pass: the server refused the session (`refused` is its
    answer) or accepted a message; nothing to note when neither happened."""
    if not refused and not accepted:
        return
    with store.transaction():
        state = _load(store, "smtp")
        if refused:
            _still_refused(settings, store, state, refused, now)
        elif state is not None:
            _recovered(settings, store, state, now)


def _still_refused(
    settings: Settings, store: Store, state: dict[str, Any] | None, answer: str, now: datetime
) -> None:
    state = state or {"since": iso(now), "first": answer}
    state["answer"] = answer
    since = parse_time(state["since"]) or now
    if not state.get("alert") and now - since >= parse_duration(
        settings.raw.alerts.mail_refused_for
    ):
        language = settings.language
        key = f"admin:smtp-refused:{state['since']}"
        waiting = store.mail_counts().get("queued", 0)
        text = t(
            language,
            "mail.alert.smtp_refused.body",
            server=mail_server_name(settings),
            since=when(settings, since),
            answer=answer,
            waiting=waiting,
        )
        queue_admin(settings, store, key, t(language, "mail.alert.smtp_refused.subject"), text, now)
        state["alert"] = key
    _save(store, "smtp", state)


def _recovered(settings: Settings, store: Store, state: dict[str, Any], now: datetime) -> None:
    _save(store, "smtp", None)
    alert = state.get("alert")
    log.info("mail.server_recovered", since=state["since"], alerted=bool(alert))
    if not alert:
        return  # too short to have bothered anyone
    language = settings.language
    unsent = store.mail_by_key(alert)
    if unsent is not None and unsent["state"] == "queued":
        store.supersede(unsent["id"], t(language, "mail.superseded.recovered"), now)
    text = t(
        language,
        "mail.alert.smtp_recovered.body",
        server=mail_server_name(settings),
        since=when(settings, parse_time(state["since"])),
        until=when(settings, now),
        answer=state.get("answer", ""),
    )
    key = f"admin:smtp-recovered:{state['since']}"
    queue_admin(settings, store, key, t(language, "mail.alert.smtp_recovered.subject"), text, now)


# --- polling -------------------------------------------------------------------------------


def note_poll(
    settings: Settings, store: Store, campaign: str, ok: bool, error: str, now: datetime
) -> None:
    """After one campaign's poll: count failures in a row; alert once past the limits."""
    name = f"poll:{campaign}"
    with store.transaction():
        state = _load(store, name)
        if ok:
            if state is not None:
                _poll_recovered(settings, store, campaign, state, now)
            return
        state = state or {"since": iso(now), "failures": 0}
        state["failures"] = int(state["failures"]) + 1
        state["error"] = error
        since = parse_time(state["since"]) or now
        limits = settings.raw.alerts
        due = state["failures"] >= limits.poll_failures or now - since >= parse_duration(
            limits.poll_failing_for
        )
        if due and not state.get("alert"):
            language = settings.language
            key = f"admin:poll-failing:{campaign}:{state['since']}"
            text = t(
                language,
                "mail.alert.poll_failing.body",
                campaign=_title(settings, campaign),
                since=when(settings, since),
                failures=state["failures"],
                error=error,
                last_success=when(settings, store.last_success(campaign)),
            )
            subject = t(language, "mail.alert.poll_failing.subject", campaign=campaign)
            queue_admin(settings, store, key, subject, text, now)
            state["alert"] = key
        _save(store, name, state)


def _poll_recovered(
    settings: Settings, store: Store, campaign: str, state: dict[str, Any], now: datetime
) -> None:
    _save(store, f"poll:{campaign}", None)
    if not state.get("alert"):
        return
    language = settings.language
    text = t(
        language,
        "mail.alert.poll_recovered.body",
        campaign=_title(settings, campaign),
        since=when(settings, parse_time(state["since"])),
        until=when(settings, now),
        failures=state["failures"],
    )
    key = f"admin:poll-recovered:{campaign}:{state['since']}"
    subject = t(language, "mail.alert.poll_recovered.subject", campaign=campaign)
    queue_admin(settings, store, key, subject, text, now)


def note_held(
    settings: Settings, store: Store, campaign: str, items: list[SourceFile], now: datetime
) -> int:
    """Tell admins, once per content, about a file the checker could not judge (it is held:
    no problem notice, no reminder to its school; checked again at the next polls)."""
    language = settings.language
    queued = 0
    for item in items:
        if item.verdict is None or not item.verdict.held or not item.placement.school:
            continue
        digest = "".join(ch for ch in item.record.content_hash or "" if ch.isalnum())[:24]
        code = next(f.code for f in item.verdict.findings if f.code in CHECKER_FAILURES)
        limits = settings.raw.validation
        text = t(
            language,
            "mail.alert.check_held.body",
            name=item.record.name,
            school=item.placement.school,
            campaign=_title(settings, campaign),
            why=t(language, f"mail.alert.check_held.{code.rsplit('_', 1)[1]}"),
            memory=limits.memory_limit_mb,
            seconds=limits.timeout_seconds,
        )
        subject = t(language, "mail.alert.check_held.subject", name=item.record.name)
        queued += queue_admin(
            settings, store, f"admin:check-held:{campaign}:{digest}", subject, text, now
        )
    return queued


def _title(settings: Settings, campaign_id: str) -> str:
    campaign = settings.campaign(campaign_id)
    return f"{campaign.title} ({campaign_id})" if campaign else campaign_id


def poll_troubles(store: Store) -> dict[str, dict[str, Any]]:
    """campaign -> its failing-poll state (for `watcher outbox` and status)."""
    rows = store.db.execute("SELECT key, value FROM meta WHERE key LIKE 'alert:poll:%'")
    return {row[0].split(":", 2)[2]: json.loads(row[1]) for row in rows}


def mail_trouble(store: Store) -> dict[str, Any] | None:
    return _load(store, "smtp")
