"""Turn decisions into stored e-mails (in the caller's transaction), one per idempotency key."""

from __future__ import annotations

import json
from datetime import datetime

from watcher.config import Campaign, Settings
from watcher.model import Placement, Row, SourceFile
from watcher.notify import compose as composer
from watcher.notify import decide
from watcher.notify.digest import compose as compose_digest
from watcher.store import QueuedMail, Store


def digest_key(campaign: Campaign, slot: str) -> str:
    return f"digest:{campaign.id}:{slot}"


def queue_digest(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    rows: list[Row],
    items: list[SourceFile],
    now: datetime,
    *,
    force_slot: str | None = None,
) -> bool:
    """Queue the staff digest when one is due (or for `force_slot`). True when queued."""
    if not campaign.staff:
        return False
    slot = force_slot or decide.digest_slot(
        settings.raw.digest.cron,
        settings.timezone,
        now,
        ever_sent=bool(store.mail_keys(f"digest:{campaign.id}:")),
        send_on_first_poll=settings.raw.digest.send_on_first_poll,
        first_poll_at=None,
    )
    if slot is None or store.has_mail(digest_key(campaign, slot)):
        return False
    mail = digest_mail(settings, store, campaign, rows, items, now, digest_key(campaign, slot))
    queued = store.enqueue(mail, now)
    if queued:
        store.set_meta(f"digest_transition:{campaign.id}", str(store.last_transition_id()))
    return queued


def digest_mail(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    rows: list[Row],
    items: list[SourceFile],
    now: datetime,
    key: str,
) -> QueuedMail:
    since = int(store.get_meta(f"digest_transition:{campaign.id}") or 0)
    changes = [t for _, t in store.transitions(campaign.id, since)]
    if since == 0:
        changes = [t for t in changes if t.before is not None]  # a first digest lists no baseline
    unmatched: list[tuple[SourceFile, Placement]] = [
        (i, i.placement) for i in items if not i.placement.placed
    ]
    failed = [
        f"{json.loads(m['recipients'])}: {m['subject']} — {m['last_error']}"
        for m in store.mail("failed")
        if m["campaign"] in (campaign.id, None)
    ]
    digest = compose_digest(
        title=campaign.title,
        rows=rows,
        unmatched=unmatched,
        changes=changes,
        failed_mail=failed,
        now=now,
        language=settings.language,
        zone=campaign.timezone,
    )
    message, identifier = composer.build(
        key=key,
        sender=settings.raw.email.sender,
        recipients=campaign.staff,
        subject=digest.subject,
        text=digest.text,
        html=digest.html,
        now=now,
    )
    return QueuedMail(
        key, "digest", campaign.id, campaign.staff, digest.subject, message, identifier
    )
