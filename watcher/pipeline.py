"""One poll, down a single path: source → records → verdicts → placements → rows → events → outbox.

The stages that decide (matching, status, notify.decide) are pure; this module does the I/O
around them. A poll that cannot finish for a campaign leaves that campaign's previous view in
force: nothing is stored, no status changes, no e-mail.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial
from itertools import chain
from pathlib import Path, PurePath

import structlog

from watcher import __version__
from watcher.config import Campaign, Settings
from watcher.config.placements import latest
from watcher.content import (
    GOOGLE_DOC_MIME,
    Job,
    Progress,
    blob_path,
    checked,
    gather_verdicts,
)
from watcher.evaluation import (
    State,
    fingerprint,
    item_from_json,
    item_to_json,
    load_state,
    next_upload,
    note_archive,
    note_recomputed,
    save_state,
    stored_items,
    stored_items_of,
)
from watcher.matching import Matcher, mentions_other
from watcher.matching.matcher import override_key
from watcher.matching.together import followers, group, neighbours, place_together
from watcher.model import (
    Decision,
    Extension,
    FileRecord,
    Finding,
    Placement,
    Role,
    Row,
    Severity,
    SourceFile,
    Status,
    Transition,
    Verdict,
    Version,
)
from watcher.progress import Reporter, quiet
from watcher.review import decided
from watcher.sources.base import Delta, Source, SourceError, Unreadable
from watcher.status import (
    Rules,
    compute_rows,
    compute_some,
    effective_deadline,
    mark_unverified,
    past,
)
from watcher.store import Store
from watcher.validation.cache import CHECKS_VERSION
from watcher.validation.sniff import claimed_kind, role_of

__all__ = ["blob_path"]  # the archive finds downloaded contents here

log = structlog.get_logger("watcher.pipeline")

SourceFactory = Callable[[Settings, Campaign], Source]


@dataclass
class CampaignPoll:
    campaign: str
    ok: bool
    error: str = ""  # for people, in the configured language
    detail: str = ""  # the technical account, for the log and /healthz
    permanent: bool = False
    changed: int = 0
    downloads: int = 0
    requests: int = 0
    transitions: list[Transition] = field(default_factory=list)
    work: Work = field(default_factory=lambda: Work())


def make_source(settings: Settings, campaign: Campaign) -> Source:
    if campaign.source_type == "folder":
        from watcher.sources.folder import FolderSource

        return FolderSource(Path(campaign.source_location), settings.language)
    if campaign.source_type in ("imap", "maildir"):
        from watcher.sources.mail_factory import mail_source

        return mail_source(settings, campaign)
    from watcher.sources.drive_factory import drive_source

    return drive_source(settings, campaign)


def policy_key(settings: Settings) -> str:
    """Verdicts are cached per content hash and per checking policy (and code version)."""
    policy = repr(settings.validation_policy)
    return hashlib.sha256(f"{__version__}|{CHECKS_VERSION}|{policy}".encode()).hexdigest()[:16]


def verdict_key(policy: str, name: str, mime_type: str | None) -> str:
    """A verdict is stored per content hash and per this key: the policy and what the name and
    type claim. The same bytes named .doc and .docx are judged differently, so a school that
    renames its file as told gets a fresh check instead of the old name's verdict."""
    return f"{policy}|{PurePath(name).suffix.casefold()}|{mime_type or ''}"


# --- listing and content -------------------------------------------------------------------


def poll_campaign(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    source: Source,
    now: datetime,
    *,
    accept_empty: bool = False,
    progress: Reporter = quiet,
) -> CampaignPoll:
    poll_id = store.start_poll(campaign.id, now)
    outcome = CampaignPoll(campaign.id, ok=False)
    try:
        previous = store.cursor(campaign.id)
        delta = source.changes(previous)
        outcome.requests = delta.requests
        if delta.files:
            progress(campaign.id, "listed", len(delta.files), len(delta.files))
        if not accept_empty:
            refuse_emptied(store, campaign.id, delta)
        checked_now = _check_new_content(
            settings, store, source, delta, outcome, now, partial(progress, campaign.id)
        )
    except SourceError as error:
        outcome.error, outcome.permanent = error.text(settings.language), error.permanent
        outcome.detail = str(error)
        store.finish_poll(poll_id, now, ok=False, error=str(error), requests=outcome.requests)
        log.error("poll.failed", campaign=campaign.id, error=str(error), permanent=error.permanent)
        return outcome
    with store.transaction():
        outcome.changed, dirty = _apply(store, campaign.id, delta, now)
        dirty |= checked_now  # a verdict given anew (a download no longer refused)
        if delta.cursor != previous:  # an idle poll rewrites no province-sized cursor
            store.set_cursor(campaign.id, delta.cursor, now)
        del delta  # a province's listing is not held through its evaluation
        # recorded before evaluating: this complete read is what verifies "missing" (issue 13)
        store.finish_poll(poll_id, now, ok=True, requests=outcome.requests, changed=outcome.changed)
        outcome.work = reevaluate(settings, store, campaign, now, dirty)
        outcome.transitions = outcome.work.transitions
    outcome.ok = True
    log.info(
        "poll.done",
        campaign=campaign.id,
        changed=outcome.changed,
        downloads=outcome.downloads,
        transitions=len(outcome.transitions),
        requests=outcome.requests,
        evaluated=outcome.work.files,
        rows=outcome.work.rows,
    )
    return outcome


def refuse_emptied(store: Store, campaign: str, delta: Delta) -> None:
    """A listing in which every known file vanished at once is a failure, not news.

    An unmounted share or a sync client that signed out leaves an empty folder; a revoked
    share empties a Drive listing. Believing it would turn every school that submitted into
    `missing` and send them overdue reminders, so the poll fails and the previous view stays.
    """
    if delta.files or not (delta.full or delta.removed):
        return  # checked without reading every known file: an idle poll stays small
    present = store.present_ids(campaign)
    if not present:
        return
    if delta.full or present <= set(delta.removed):
        raise SourceError(
            f"the source now lists no files, but {len(present)} were there at the last poll "
            "(is the share mounted, is the folder still shared?); the previous view stays. "
            "If every file really was deleted, run `watcher poll --accept-empty` once",
            key="source.emptied",
            values={"count": len(present)},
        )


def _check_new_content(
    settings: Settings,
    store: Store,
    source: Source,
    delta: Delta,
    outcome: CampaignPoll,
    now: datetime,
    progress: Progress,
) -> set[str]:
    """Download and check every content not checked before under the current policy; the
    ids of the files whose verdict is new."""
    policy = policy_key(settings)
    jobs: dict[str, dict[str, FileRecord]] = {}  # content -> verdict key -> record
    fresh: set[str] = set()
    for record in delta.files:
        digest = record.content_hash
        key = verdict_key(policy, record.name, record.mime_type)
        if not digest:
            continue
        wanted = jobs.get(digest, {})
        if key in wanted or not _stands(store, digest, key):
            fresh.add(record.id)
            wanted.setdefault(key, record)
            jobs[digest] = wanted
    work = [
        Job(digest, next(iter(keys.values())), tuple(keys.items())) for digest, keys in jobs.items()
    ]
    if work:
        log.info("poll.content", campaign=outcome.campaign, contents=len(work))
    gathered = gather_verdicts(settings, store, source, work, now, progress)
    outcome.downloads += gathered.downloads
    return fresh


HELD_TRIES = 3  # a check that crashed or timed out is tried again at this many polls


def _stands(store: Store, digest: str, key: str) -> bool:
    """A stored verdict stands (see `content.checked`), unless the checker failed on it: then
    the file is held and checked again at the next `HELD_TRIES` polls (issue 13)."""
    verdict = store.verdict(digest, key)
    if not checked(verdict):
        return False
    if verdict is not None and verdict.held:
        tries = int(store.get_meta(f"held:{digest}:{key}") or 1)
        if tries < HELD_TRIES:
            store.set_meta(f"held:{digest}:{key}", str(tries + 1))
            return False
    return True


def _apply(store: Store, campaign: str, delta: Delta, now: datetime) -> tuple[int, set[str]]:
    """Store the delta: (new versions and removals, the ids of files whose record changed)."""
    changed, dirty = 0, set()
    for record in delta.files:
        new, touched = store.store_file(campaign, record, now)
        changed += new
        if new or touched:
            dirty.add(record.id)
    removed = list(delta.removed)
    if delta.full:
        listed = {record.id for record in delta.files}
        removed += [file_id for file_id in store.present_ids(campaign) if file_id not in listed]
    for file_id in removed:
        if store.mark_removed(campaign, [file_id], now):
            changed += 1
            dirty.add(file_id)
    return changed, dirty


# --- evaluation (pure decisions around stored state) ---------------------------------------


def source_files(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    *,
    include_removed: bool = False,
    only: set[str] | None = None,
    with_followers: bool = False,
) -> tuple[list[SourceFile], list[Placement]]:
    """Every present file (and, if asked, every removed one) with its verdict, its placement
    and its versions; or only the files `only` names, present or not, and (`with_followers`)
    the scans beside them, whose placement may follow theirs. `unmatched` lists present files
    only."""
    groups = evaluated_groups(
        settings, store, campaign, include_removed=include_removed, only=only,
        with_followers=with_followers,
    )  # fmt: skip
    ordered = sorted((pair for batch in groups for pair in batch), key=lambda pair: pair[0])
    items = [item for _, item in ordered]
    unmatched = [i.placement for i in items if i.placement.held and i.removed_at is None]
    papers = paper_files(store, campaign, settings.language)
    items += [item for item in papers if only is None or item.record.id in only]
    return items, unmatched


def evaluated_groups(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    *,
    include_removed: bool = False,
    only: set[str] | None = None,
    with_followers: bool = False,
) -> Iterator[list[tuple[int, SourceFile]]]:
    """The files `source_files` evaluates (paper copies aside), one group of files that travel
    together (a folder, an uploader) at a time: a scan follows its Word file only within its
    group, and a province's verdict texts, evidence and evaluated files are never all held at
    once. Each file comes with its place in the order `source_files` lists them (name, id)."""
    matcher = make_matcher(settings, campaign)
    decisions = latest(campaign.placements)  # staff's own word, by file id (`watcher place`)
    present: list[FileRecord] | None = None
    if only is not None and with_followers:
        changed = store.files(campaign.id, ids=only)  # removed ones too: their scans unfollow
        present = _present_beside(store, campaign.id, changed)
        only = only | _may_follow(store, campaign.id, followers([*present, *changed], only))
    policy = policy_key(settings)
    history = store.versions(campaign.id, only)
    removed = store.removal_times(campaign.id, only) if include_removed or only else {}
    listed = list(
        store.files(campaign.id, ids=only)
        if only is not None
        else store.files(campaign.id, present_only=not include_removed)
    )
    beside: dict[tuple[tuple[str, ...], str], list[FileRecord]] = {}
    if only is not None:  # the files beside these, read (not evaluated) for their evidence
        if present is None:
            present = _present_beside(store, campaign.id, listed)
        ids = neighbours(present, only)
        for record in present:
            if record.id in ids:
                beside.setdefault(group(record), []).append(record)
    del present
    groups: dict[tuple[tuple[str, ...], str], list[int]] = {}
    for position, record in enumerate(listed):
        groups.setdefault(group(record), []).append(position)
    records: list[FileRecord | None] = [*listed]
    del listed
    shared: dict[Verdict, Verdict] = {}  # equal verdicts (most files') kept once
    for key, positions in groups.items():
        members: list[FileRecord] = []
        for position in positions:
            member = records[position]
            assert member is not None
            members.append(member)
            records[position] = None  # from here on held by its evaluated file alone
        verdicts = [_current_verdict(store, policy, record) for record in members]
        texts = [
            (record, verdict.text if verdict else "")
            for record, verdict in zip(members, verdicts, strict=True)
        ]
        texts += [(record, _text(store, policy, record)) for record in beside.get(key, [])]
        fixed = {
            record.id: decided(record, decisions[record.id], campaign, settings.language)
            for record, _ in texts
            if record.id in decisions
        }
        placements = place_together(matcher, texts, None, fixed)[: len(members)]
        yield [
            (position, _evaluated_file(
                settings, store, campaign, record, verdict, placement, matcher, decisions,
                policy, history, removed, shared,
            ))
            for position, record, verdict, placement in zip(
                positions, members, verdicts, placements, strict=True
            )
        ]  # fmt: skip


def _present_beside(store: Store, campaign: str, records: list[FileRecord]) -> list[FileRecord]:
    """The present files that travel with these (`together.group`: same folder, same
    uploader), these included, by name: their folders alone are read, not the campaign's."""
    groups = {group(record) for record in records} - {((), "")}
    beside = store.present_in_folders(campaign, {folders for folders, _ in groups})
    return [record for record in beside if group(record) in groups]


def _may_follow(store: Store, campaign: str, scans: set[str]) -> set[str]:
    """The scans whose placement a change beside them may settle or undo: held ones, and those
    placed only because they followed a Word file."""
    stored = {
        file_id: item_from_json(item).placement
        for file_id, item in store.evaluations_of(campaign, scans).items()
    }
    return {
        file_id
        for file_id in scans
        if file_id not in stored or stored[file_id].held or stored[file_id].basis == "follows"
    }


def _evaluated_file(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    record: FileRecord,
    verdict: Verdict | None,
    placement: Placement,
    matcher: Matcher,
    decisions: dict[str, Decision],
    policy: str,
    history: dict[str, list[tuple[str, datetime | None, str]]],
    removed: dict[str, datetime | None],
    shared: dict[Verdict, Verdict],
) -> SourceFile:
    """One file as the status stage sees it: staff's decision, its versions, its role."""
    decision = decisions.get(record.id)
    if decision:
        placement = decided(record, decision, campaign, settings.language)

    def kept(verdict: Verdict | None) -> Verdict | None:
        verdict = textless(verdict)
        return verdict if verdict is None else shared.setdefault(verdict, verdict)

    versions = tuple(
        Version(digest, uploaded, kept(_version_verdict(store, policy, record, digest, name)))
        for digest, uploaded, name in history.pop(record.id, [])  # each file read once
    )
    verdict = kept(with_text_check(verdict, placement, matcher))
    if placement.evidence:  # for `watcher explain`, which asks the matcher itself
        placement = replace(placement, evidence=())
    role = slot_role(campaign, verdict, placement, record)
    return SourceFile(record, verdict, placement, role, versions, removed.get(record.id))


def unreadable_verdict(record: FileRecord) -> Verdict | None:
    """The problem of a file the source listed but could not read (None: it could)."""
    kind = record.extra.get("unreadable")
    if not kind or record.content_hash:
        return None
    error = Unreadable(kind)
    finding = Finding(error.code, Severity.PROBLEM, error.message_vi, error.message_en)
    return Verdict(declared_role(record), (finding,))


def textless(verdict: Verdict | None) -> Verdict | None:
    """The verdict without the document text it kept for matching: matching is done, and a
    province's worth of texts is most of the memory a cold sync would hold."""
    return replace(verdict, text="") if verdict is not None and verdict.text else verdict


def paper_files(store: Store, campaign: Campaign, language: str) -> list[SourceFile]:
    """What staff recorded as received on paper, as files of the schools' submissions."""
    from watcher import paper

    return [
        paper.as_source_file(copy, language, campaign.timezone)
        for copy in paper.copies(store, campaign.id)
    ]


def _text(store: Store, policy: str, record: FileRecord) -> str:
    verdict = _current_verdict(store, policy, record)
    return verdict.text if verdict else ""


def _current_verdict(store: Store, policy: str, record: FileRecord) -> Verdict | None:
    key = verdict_key(policy, record.name, record.mime_type)
    verdict = store.verdict(record.content_hash, key) if record.content_hash else None
    return verdict or unreadable_verdict(record)


def _version_verdict(
    store: Store, policy: str, record: FileRecord, digest: str, name: str
) -> Verdict | None:
    """The current content is judged under the file's current name (a rename re-checks it);
    an earlier content under the name it had when it was uploaded and checked."""
    claimed = record.name if digest == record.content_hash else name
    return store.verdict(digest, verdict_key(policy, claimed, record.mime_type))


def make_matcher(settings: Settings, campaign: Campaign) -> Matcher:
    options = settings.raw.matching
    return Matcher(
        campaign.schools,
        campaign.periods,
        campaign.overrides,
        single_period_default=options.single_period_default,
        language=settings.language,
        slack=timedelta(days=options.slack_days),
        lead=timedelta(days=options.lead_days),
    )


def with_text_check(
    verdict: Verdict | None, placement: Placement, matcher: Matcher
) -> Verdict | None:
    """Warn when a document's own heading names another school or period than its placement."""
    if verdict is None or not verdict.text or not placement.placed:
        return verdict
    message_vi = mentions_other(verdict.text, placement, matcher, "vi")
    if message_vi is None:
        return verdict
    message_en = mentions_other(verdict.text, placement, matcher, "en") or message_vi
    warning = Finding("docx.names_other", Severity.WARNING, message_vi, message_en)
    return replace(verdict, findings=(*verdict.findings, warning))


def slot_role(
    campaign: Campaign, verdict: Verdict | None, placement: Placement, record: FileRecord
) -> Role:
    """The required role a file fills: what its content is; for an unusable file, what its
    name and type say it was meant to be (a 0-byte "scan.pdf" is a broken scan, not "other")."""
    name = override_key(record.name)  # the matcher's own comparison of pinned names
    decision = latest(campaign.placements).get(record.id)
    forced = (decision.role if decision else None) or next(
        (
            o.role
            for o in campaign.overrides
            if o.role and (o.file == record.id or override_key(o.file) == name)
        ),
        None,
    )
    role = forced or (verdict.role if verdict else Role.EXTRA)
    if not forced and role is Role.EXTRA and (verdict is None or not verdict.usable):
        role = declared_role(record)
    return role if role in campaign.require else Role.EXTRA


def declared_role(record: FileRecord) -> Role:
    if record.mime_type == GOOGLE_DOC_MIME:
        return Role.WORD
    return role_of(claimed_kind(record.name))


def rules_of(campaign: Campaign) -> Rules:
    return Rules(
        campaign.id,
        campaign.schools,
        campaign.periods,
        campaign.require,
        campaign.extensions,
        campaign.excuses,
    )


def current_rows(
    settings: Settings, store: Store, campaign: Campaign, now: datetime
) -> tuple[list[Row], list[SourceFile]]:
    """Every row as of `now`, from the stored evaluations (nothing is matched again) while
    they were made under the current configuration; from scratch otherwise (nothing saved)."""
    # Removed files count only for when a still-complete submission first became complete
    # (a school that deletes its on-time file and uploads a new one stays on time).
    everything = _evaluated(settings, store, campaign)
    rows = compute_rows(rules_of(campaign), everything, now, settings.language)
    rows = mark_unverified(rows, store.last_success(campaign.id))  # an outage is not "missing"
    return rows, [item for item in everything if item.removed_at is None]


def rows_at(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    keys: set[tuple[str, str]],
    now: datetime,
) -> tuple[list[Row], list[SourceFile]]:
    """The rows at (school, period) `keys` as of `now`, and every present file of their
    schools, as `current_rows` has them; read from those schools' stored evaluations alone
    while they were made under the current configuration."""
    state = load_state(store, campaign.id)
    if state is None or state.fingerprint != fingerprint(settings, campaign, policy_key(settings)):
        rows, items = current_rows(settings, store, campaign, now)
        schools = {school for school, _ in keys}
        return (
            [row for row in rows if (row.school.code, row.period.id) in keys],
            [item for item in items if item.placement.school in schools],
        )
    everything = stored_items_of(store, campaign.id, {school for school, _ in keys})
    rows = compute_some(rules_of(campaign), everything, keys, now, settings.language)
    rows = mark_unverified(rows, store.last_success(campaign.id))
    return rows, [item for item in everything if item.removed_at is None]


def _evaluated(settings: Settings, store: Store, campaign: Campaign) -> list[SourceFile]:
    state = load_state(store, campaign.id)
    if state is not None and state.fingerprint == fingerprint(
        settings, campaign, policy_key(settings)
    ):
        items = stored_items(store, campaign.id)
        return sorted(items, key=lambda item: (item.record.name, item.record.id))
    everything, _ = source_files(settings, store, campaign, include_removed=True)
    return everything


def evaluate(
    settings: Settings, store: Store, campaign: Campaign, now: datetime
) -> tuple[list[Transition], list[Row], list[SourceFile]]:
    """Evaluate every file afresh, record every status change. Call inside a transaction."""
    work = reevaluate(settings, store, campaign, now, None)
    rows, items = current_rows(settings, store, campaign, now)
    return work.transitions, rows, items


@dataclass
class Work:
    """What one evaluation did: the measure of "in proportion to what changed"."""

    transitions: list[Transition] = field(default_factory=list)
    files: int = 0  # files evaluated (matched, verdicts read)
    rows: int = 0  # (school, period) rows computed
    full: bool = False


def reevaluate(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    now: datetime,
    dirty: set[str] | None,
) -> Work:
    """Bring stored evaluations and statuses up to `now`, doing only what changed requires.

    `dirty`: the files whose records changed (None: unknown, evaluate every file). Rows are
    computed for the (school, period) those files were and are placed at, and for every row
    whose deadline passed since the last evaluation; nothing at all when neither happened.
    A new configuration, a clock that went back or an upload dated after the last
    evaluation means every file, or every row, again. Call inside a transaction.
    """
    policy = policy_key(settings)
    stamp = fingerprint(settings, campaign, policy)
    state = load_state(store, campaign.id)
    if dirty is None or state is None or state.fingerprint != stamp or now < state.at:
        return _evaluate_all(settings, store, campaign, now, stamp)
    work = Work()
    keys: set[tuple[str, str]] = set()
    upcoming = state.next_upload
    if dirty:
        fresh, _ = source_files(settings, store, campaign, only=dirty, with_followers=True)
        evaluated = dirty | {item.record.id for item in fresh}  # and the scans beside them
        keys |= store.evaluated_rows(campaign.id, evaluated)
        _save_evaluations(store, campaign.id, fresh, every=False)
        note_archive(store, campaign.id, evaluated)
        keys |= {_row_key(item) for item in fresh if item.placement.placed}
        upcoming = _earliest(upcoming, next_upload(fresh, now))
        work.files = len(fresh)
    keys |= crossed_deadlines(campaign, state.at, now)
    keys |= unverified_rows(store, campaign.id)  # a read since may have verified them
    computed: set[tuple[str, str]] | None = keys
    if upcoming is not None and upcoming <= now:  # an upload dated ahead has now arrived
        rows, _ = current_rows(settings, store, campaign, now)
        upcoming = next_upload(stored_items(store, campaign.id), now)
        computed = None
    elif keys:
        items = stored_items(store, campaign.id, keys)
        rows = compute_some(rules_of(campaign), items, keys, now, settings.language)
    else:
        rows = []
    note_recomputed(store, campaign.id, computed)
    rows = mark_unverified(rows, store.last_success(campaign.id))  # an outage is not "missing"
    if rows:
        work.transitions = _record_changes(store, campaign, rows, now)
    work.rows = len(rows)
    save_state(store, campaign.id, State(stamp, now, upcoming))
    return work


def unverified_rows(store: Store, campaign: str) -> set[tuple[str, str]]:
    return store.rows_with(campaign, Status.UNVERIFIED)


ROWS_AT_ONCE = 400  # schools whose rows of one period are computed together (a cold sync)
PAPERS = 1 << 40  # the paper copies' places: after every file, as `source_files` has them


def _evaluate_all(
    settings: Settings, store: Store, campaign: Campaign, now: datetime, stamp: str
) -> Work:
    """Every file evaluated afresh, as `source_files` does, one group of files at a time,
    each group's evaluations stored as it is done (in the caller's transaction: a poll that
    fails stores none of them); then the rows computed from those stored evaluations, a slice
    of the roster at a time, in the order and with the files `compute_rows` would have. A
    province's evaluated files are never all held at once."""
    store.save_evaluations(campaign.id, (), every=True)  # every file's evaluation follows
    store.save_placements(campaign.id, [])
    order: dict[str, int] = {}  # file id -> its place among every evaluated file
    upcoming: datetime | None = None
    files = 0
    papers = paper_files(store, campaign, settings.language)
    batches = evaluated_groups(settings, store, campaign, include_removed=True)
    for batch in chain(batches, [[(PAPERS + n, item) for n, item in enumerate(papers)]]):
        items = [item for _, item in batch]
        _save_evaluations(store, campaign.id, items, every=False)
        order.update((item.record.id, position) for position, item in batch)
        upcoming = _earliest(upcoming, next_upload(items, now))
        files += len(items)
    del papers
    note_archive(store, campaign.id, None)
    rules = rules_of(campaign)
    last_read = store.last_success(campaign.id)
    transitions: list[Transition] = []
    rows = 0
    for period in campaign.periods:  # compute_rows' order: period by period, roster order
        for start in range(0, len(campaign.schools), ROWS_AT_ONCE):
            schools = campaign.schools[start : start + ROWS_AT_ONCE]
            keys = {(school.code, period.id) for school in schools}
            placed = stored_items(store, campaign.id, keys)
            placed.sort(key=lambda item: order.get(item.record.id, PAPERS))
            some = compute_rows(
                replace(rules, schools=schools, periods=(period,)), placed, now, settings.language
            )
            some = mark_unverified(some, last_read)
            transitions += _record_changes(store, campaign, some, now)
            rows += len(some)
    note_recomputed(store, campaign.id, None)
    save_state(store, campaign.id, State(stamp, now, upcoming))
    return Work(transitions, files, rows, full=True)


def _save_evaluations(store: Store, campaign: str, items: list[SourceFile], *, every: bool) -> None:
    store.save_evaluations(
        campaign,
        ((i.record.id, i.placement.school, i.placement.period, item_to_json(i)) for i in items),
        every=every,
    )
    present: list[tuple[str, str | None, str | None, str | None, str]] = [
        (i.record.id, i.placement.school, i.placement.period, i.role.value, i.placement.reason)
        for i in items
        if i.removed_at is None
    ]
    if every:
        store.save_placements(campaign, present)
    else:
        gone = [i.record.id for i in items if i.removed_at is not None]
        store.update_placements(campaign, present, gone)


def _row_key(item: SourceFile) -> tuple[str, str]:
    return (item.placement.school or "", item.placement.period or "")


def _earliest(*moments: datetime | None) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


def crossed_deadlines(campaign: Campaign, before: datetime, now: datetime) -> set[tuple[str, str]]:
    """Rows whose deadline (the period's, or a school's extension) passed in (before, now]."""
    keys: set[tuple[str, str]] = set()
    for period in campaign.periods:
        deadline = effective_deadline(period, None)
        if past(now, deadline) and not past(before, deadline):
            keys |= {(school.code, period.id) for school in campaign.schools}
    latest: dict[tuple[str, str], Extension] = {}
    for extension in sorted(campaign.extensions, key=lambda e: e.until):
        latest[(extension.school, extension.period)] = extension
    for (school, period_id), extension in latest.items():
        extended = campaign.period(period_id)
        if extended is None:
            continue
        deadline = effective_deadline(extended, extension)
        if past(now, deadline) and not past(before, deadline):
            keys.add((school, period_id))
    return keys


def _record_changes(
    store: Store, campaign: Campaign, rows: list[Row], now: datetime
) -> list[Transition]:
    keys = {(row.school.code, row.period.id) for row in rows}
    previous = store.statuses(campaign.id, keys if len(keys) < 500 else None)
    transitions: list[Transition] = []
    for row in rows:
        before = previous.get((row.school.code, row.period.id))
        if before is row.status:
            continue
        transition = Transition(
            campaign.id,
            row.school.code,
            row.period.id,
            before,
            row.status,
            now,
            _cause(row, before),
        )
        store.record_transition(transition, row.completed_at)
        transitions.append(transition)
    return transitions


def _cause(row: Row, before: Status | None) -> str:
    names = ", ".join(item.record.name for item in row.files)
    if row.status is Status.MISSING and before is Status.PENDING:
        return "deadline passed"
    if before is None:
        return f"first seen: {names}" if names else "first seen"
    return f"files: {names}" if names else "files withdrawn"
