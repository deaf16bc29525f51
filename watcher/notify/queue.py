"""Turn decisions into stored e-mails (in the caller's transaction), one per idempotency key.

`queue_for_campaign` is what a cycle calls once per successfully polled campaign, inside one
transaction: it cancels queued school mail that no longer applies (a school completed, was
excused or opted out), queues the school mail the rules call for, then the staff digest when
one is due. The `outbox` table's UNIQUE key makes a second call with the same state a no-op.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog

from watcher import safe
from watcher.config import Campaign, Settings
from watcher.model import Row, SourceFile, Transition
from watcher.notify import compose as composer
from watcher.notify import decide
from watcher.notify.digest import Digest, DigestInput, FailedMail, compose
from watcher.notify.school import SchoolContext, compose_school_mail
from watcher.review import queue
from watcher.store import QueuedMail, Store, iso, parse_time

log = structlog.get_logger("watcher.notify")


def digest_key(campaign: Campaign, slot: str) -> str:
    return f"digest:{campaign.id}:{slot}"


RowKey = tuple[str, str]  # (school code, period id)


def queue_for_campaign(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    rows: list[Row],
    items: list[SourceFile],
    transitions: list[Transition],
    now: datetime,
    changed: set[RowKey] | None = None,
    *,
    every_row: bool = True,
) -> int:
    """Queue every e-mail due for one campaign now; the number queued. Call in a transaction.

    `changed`: the rows computed anew since mail was last queued (None: every row, as after a
    new configuration or on a new day). Queued mail of the other rows already says what is
    true: it is left as it is, and delivery checks each message against the current rows
    before it leaves (`freshness`), so a stale one is still superseded, never sent.
    `every_row` False: `rows` and `items` are those of the changed rows' schools only (no
    moment for mail passed, see `moments`): no digest is due, the rest plans as before."""
    held = decide.unresolved_schools(items)
    touched = rows if changed is None else [r for r in rows if _key(r) in changed]
    cancel_settled(store, touched)
    refresh_unclaimed(settings, store, campaign, rows, now, held, changed)
    queued = queue_school_mail(
        settings, store, campaign, rows, now, held, every_row=every_row or changed is None
    )
    if every_row:
        queued += int(queue_digest(settings, store, campaign, rows, items, now))
    return queued


def _key(row: Row) -> RowKey:
    return (row.school.code, row.period.id)


def cancel_settled(store: Store, rows: list[Row]) -> int:
    """Queued reminders and problem notices of complete/excused/opted-out rows never go out."""
    cancelled = 0
    for prefix in decide.settled_prefixes(rows):
        cancelled += _cancel(store, prefix)
    return cancelled


def cancel_queued(store: Store, prefix: str) -> int:
    """Cancel every queued (unsent, or waiting for a retry) message whose key starts so."""
    return _cancel(store, prefix)


def _cancel(store: Store, prefix: str) -> int:
    count = store.cancel_queued(prefix)
    if count:
        log.info("mail.cancelled", prefix=prefix, count=count)
    return count


def refresh_unclaimed(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    rows: list[Row],
    now: datetime,
    held: frozenset[str] = frozenset(),
    changed: set[RowKey] | None = None,
) -> int:
    """Rewrite waiting reminders and problem notices of the `changed` rows (None: of every
    row) to today's facts; cancel stale ones, and the reminders of `held` schools.

    Only mail no deliverer has taken is touched (its bytes never left), so a re-send after a
    crash is still byte-identical. The number cancelled.
    """
    context = school_context(settings, campaign)
    cancelled = 0
    for kind in ("reminder", "problem"):
        by_prefix = {decide.row_prefix(kind, row): row for row in rows}
        for mail in _unclaimed(store, campaign, kind, changed, held):
            prefix, _, stage = str(mail["key"]).rpartition(":")  # stages hold no colon
            row = by_prefix.get(prefix + ":")
            school = row.school.code if row else prefix.rpartition(":")[2]
            is_held = kind == "reminder" and school in held
            if changed is not None and not is_held and (row is None or _key(row) not in changed):
                continue  # its row is as it was when this message was written (or not read)
            plan = (
                row
                and not is_held
                and decide.still_due(
                    row,
                    kind,
                    stage,
                    settings.raw.reminders,
                    now,
                    parse_time(mail["not_before"]) or now,
                )
            )
            if not plan:
                cancelled += store.cancel_mail(mail["id"])
                log.info("mail.cancelled", key=mail["key"], reason="no longer true")
            else:
                store.rewrite_mail(mail["id"], school_mail(settings, plan, context, now))
    return cancelled


FEW_PREFIXES = 1_000  # more row prefixes than this: one read of the campaign's keys is cheaper


def _unclaimed(
    store: Store,
    campaign: Campaign,
    kind: str,
    changed: set[RowKey] | None,
    held: frozenset[str],
) -> list[sqlite3.Row]:
    """Waiting `kind` mail of the campaign, or only what `refresh_unclaimed` may touch: that
    of the `changed` rows and, for reminders, of the `held` schools; read by their own key
    ranges while they are few, so a poll with k changes reads k rows' mail."""
    whole = f"{kind}:{campaign.id}:"
    if changed is None:
        return store.unclaimed_mail(whole)
    keys = set(changed)
    if kind == "reminder":
        keys |= {(school, period.id) for school in held for period in campaign.periods}
    if len(keys) > FEW_PREFIXES:
        return store.unclaimed_mail(whole)
    found = [
        mail
        for school, period in sorted(keys)
        for mail in store.unclaimed_mail(f"{whole}{period}:{school}:")
    ]
    return sorted(found, key=lambda mail: mail["id"])


def school_history(store: Store, campaign: Campaign, rows: list[Row] | None = None) -> set[str]:
    """The keys of the school mail queued before: the campaign's, or those of `rows` alone
    (read by each row's key range while they are few)."""
    keys: set[str] = set()
    for kind in decide.SCHOOL_KINDS:
        if rows is None or len(rows) > FEW_PREFIXES:
            keys |= store.mail_keys(f"{kind}:{campaign.id}:")
        else:
            for prefix in sorted({decide.row_prefix(kind, row) for row in rows}):
                keys |= store.mail_keys(prefix)
    return keys


def school_context(settings: Settings, campaign: Campaign) -> SchoolContext:
    folder = None
    if campaign.source_type == "drive" and campaign.source_location:
        folder = f"https://drive.google.com/drive/folders/{campaign.source_location}"
    return SchoolContext(
        title=campaign.title,
        require=campaign.require,
        zone=campaign.timezone,
        language=settings.language,
        sender=campaign.sender or settings.raw.email.sender,
        folder_url=folder,
    )


def queue_school_mail(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    rows: list[Row],
    now: datetime,
    held: frozenset[str] = frozenset(),
    *,
    every_row: bool = True,
) -> int:
    """Queue the school mail due for `rows` (`every_row` False: the rows of a few schools,
    whose history alone is read)."""
    history = school_history(store, campaign, None if every_row else rows)
    plans = decide.plan_school_mail(
        rows, history, settings.raw.reminders, campaign.timezone, now, held
    )
    cutoff = parse_time(store.get_meta("mail_from"))  # set by `watcher state restore|init`
    if cutoff is not None:
        plans = [p for p in plans if not is_backlog(p, cutoff, settings, campaign)]
    context = school_context(settings, campaign)
    queued = 0
    for plan in plans:
        if plan.kind == "reminder":
            _cancel(store, decide.row_prefix("reminder", plan.row))  # a newer stage replaces it
        if store.enqueue(school_mail(settings, plan, context, now), now):
            queued += 1
            log.info("mail.queued", key=plan.key, not_before=iso(plan.not_before))
    return queued


@dataclass(frozen=True)
class Thread:
    message_id: str
    references: str
    subject: str


def mail_thread(plan: decide.Planned) -> Thread | None:
    """The school's own e-mail a receipt or problem notice answers (a mailed submission)."""
    if plan.kind not in ("receipt", "problem"):
        return None
    items = [plan.file] if plan.file is not None else list(plan.row.files)
    mailed = [item for item in items if item.record.extra.get("message_id")]
    if not mailed:
        return None
    latest = max(
        mailed, key=lambda item: item.record.uploaded_at or datetime.min.replace(tzinfo=UTC)
    )
    extra = latest.record.extra
    original = extra.get("mail_subject", "").strip()
    subject = original if original[:3].casefold() == "re:" else f"Re: {original}".strip()
    references = " ".join([*extra.get("references", "").split(), extra["message_id"]][-10:])
    return Thread(extra["message_id"], references, subject)


def reply_to(settings: Settings, campaign_id: str) -> str | None:
    """The campaign's own Reply-To ([campaign.email] reply_to), else [email] reply_to."""
    campaign = settings.campaign(campaign_id)
    return (campaign.reply_to if campaign else None) or settings.raw.email.reply_to


def is_backlog(
    plan: decide.Planned, cutoff: datetime, settings: Settings, campaign: Campaign
) -> bool:
    """The event this e-mail is about happened before the state was restored or recreated:
    it may have been mailed already, by the state that was lost."""
    from watcher.notify.freshness import event_time

    moment = event_time(plan, settings.raw.reminders, campaign.timezone)
    if moment is None or moment >= cutoff:
        return False
    log.info("mail.backlog_skipped", key=plan.key, happened=iso(moment))
    return True


def school_mail(
    settings: Settings, plan: decide.Planned, context: SchoolContext, now: datetime
) -> QueuedMail:
    mail = compose_school_mail(plan, context, now)
    recipients = plan.row.school.emails
    thread = mail_thread(plan)
    subject = mail.subject
    if thread is not None:
        subject = thread.subject
    message, identifier = composer.build(
        key=plan.key,
        sender=context.sender,
        recipients=recipients,
        subject=subject,
        text=mail.text,
        html=mail.html,
        now=now,
        reply_to=reply_to(settings, plan.row.campaign),
        in_reply_to=thread.message_id if thread else None,
        references=thread.references if thread else None,
    )
    return QueuedMail(
        plan.key,
        plan.kind,
        plan.row.campaign,
        recipients,
        safe.header(subject),
        message,
        identifier,
        not_before=plan.not_before,
    )


# --- the staff digest -------------------------------------------------------------------


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
        campaign.timezone,
        now,
        ever_sent=bool(store.mail_keys(f"digest:{campaign.id}:")),
        send_on_first_poll=settings.raw.digest.send_on_first_poll,
        first_poll_at=store.first_poll(campaign.id),
    )
    key = digest_key(campaign, slot) if slot else None
    if key is None or store.has_mail(key):
        return False
    digest = build_digest(settings, store, campaign, rows, items, now)
    message, identifier = composer.build(
        key=key,
        sender=campaign.sender or settings.raw.email.sender,
        recipients=campaign.staff,
        subject=digest.subject,
        text=digest.text,
        html=digest.html,
        now=now,
    )
    mail = QueuedMail(
        key,
        "digest",
        campaign.id,
        campaign.staff,
        safe.header(digest.subject),
        message,
        identifier,
    )
    queued = store.enqueue(mail, now)
    if queued:
        store.set_meta(f"digest_transition:{campaign.id}", str(store.last_transition_id()))
        store.set_meta(f"digest_at:{campaign.id}", iso(now) or "")
    return queued


def build_digest(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    rows: list[Row],
    items: list[SourceFile],
    now: datetime,
) -> Digest:
    """The digest as it would go out now (changes and failures since the last one). No writes."""
    since = int(store.get_meta(f"digest_transition:{campaign.id}") or 0)
    changes = [t for _, t in store.transitions(campaign.id, since)]
    if since == 0:
        changes = [t for t in changes if t.before is not None]  # a first digest lists no baseline
    last_poll = store.last_success(campaign.id)
    return compose(
        DigestInput(
            title=campaign.title,
            rows=rows,
            now=now,
            zone=campaign.timezone,
            language=settings.language,
            unmatched=[i for i in items if i.placement.held],
            held=queue(settings, campaign, items, store),
            changes=changes,
            failed_mail=failed_since(
                store, campaign, parse_time(store.get_meta(f"digest_at:{campaign.id}"))
            ),
            unreachable=[row.school for row in decide.unreachable(rows)],
            last_poll=last_poll,
            never_polled=last_poll is None,
            first=store.get_meta(f"digest_at:{campaign.id}") is None,
        )
    )


def failed_since(store: Store, campaign: Campaign, since: datetime | None) -> list[FailedMail]:
    """Addresses given up on (5xx, or refused for longer than `email.give_up_after`) in mail
    of this campaign (or of none) not yet shown in a digest; the others got their copy."""
    found = []
    for mail in store.given_up():
        at = parse_time(mail["failed_at"])
        if mail["campaign"] not in (campaign.id, None) or (since and at and at < since):
            continue
        refused: dict[str, str] = json.loads(mail["refused"] or "{}")
        if not refused and mail["state"] == "failed":  # failed before per-address results
            refused = {a: mail["last_error"] or "" for a in json.loads(mail["recipients"])}
        if refused:
            reasons = "; ".join(dict.fromkeys(refused.values()))
            found.append(FailedMail(tuple(refused), mail["subject"], reasons, at))
    return found
