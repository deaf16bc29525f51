"""Make the archive on disk match the plan, from stored state and the content cache.

Runs after every successful poll. Reads the store (versions, placements, removals, verdicts),
plans with `watcher.archive.plan`, then writes, moves and records each copy; nothing is ever
downloaded (the bytes come from the content cache the poll filled) and nothing archived is
ever deleted. A failure is logged and retried on the next poll; it never fails the poll.
"""

from __future__ import annotations

import dataclasses
import heapq
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog

from watcher.archive import disk, manifest, names
from watcher.archive.plan import (
    Action,
    Entry,
    Step,
    placed_folder,
    plan,
    school_folders,
    wanted_folder,
)
from watcher.config import Campaign, Settings
from watcher.evaluation import archive_pending, archive_pending_key, fingerprint
from watcher.model import FileRecord, Placement, Role, Verdict
from watcher.pipeline import (
    GOOGLE_DOC_MIME,
    blob_path,
    make_matcher,
    paper_files,
    policy_key,
    slot_role,
    textless,
    verdict_key,
)
from watcher.store import ArchivedCopy, Store, iso

WRITERS = 8  # copies written at once
RECORD_EVERY = 200  # copies recorded per transaction
SLICE = 500  # files archived at a time by a whole pass

log = structlog.get_logger("watcher.archive")


@dataclass
class ArchiveReport:
    campaign: str
    written: int = 0
    moved: int = 0
    restored: int = 0  # recorded copies found missing on disk and copied again
    withdrawn: int = 0  # copies newly marked withdrawn
    skipped: int = 0  # versions whose bytes are not in the content cache
    failed: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.failed and not self.error


def campaign_folder(settings: Settings, campaign: Campaign) -> Path | None:
    if settings.archive_dir is None:
        return None
    return settings.archive_dir / names.safe_component(campaign.id, names.CAMPAIGN_CHARS)


def archive_campaign(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    now: datetime,
    only: set[str] | None = None,
) -> ArchiveReport:
    """Archive every version of every file of the campaign (or, `only`, of these files: what
    a poll changed, when every other file's copies and manifest lines stand); never raises."""
    report = ArchiveReport(campaign.id)
    root = campaign_folder(settings, campaign)
    if root is None:
        return report
    try:
        _archive(settings, store, campaign, root, now, report, only)
    except Exception as error:  # the archive must never stop a poll; the next poll retries
        report.error = str(error)
        log.exception("archive.failed", campaign=campaign.id, error=str(error))
    return report


def _archive(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    root: Path,
    now: datetime,
    report: ArchiveReport,
    only: set[str] | None,
) -> None:
    folders = school_folders(campaign.schools)
    with ThreadPoolExecutor(WRITERS, thread_name_prefix="archive") as pool:
        if only is None:  # every file, a slice at a time: a province's never all in memory
            disk.sweep_temporaries(root)
            with store.transaction():  # every line is made anew, slice by slice
                store.save_manifest_lines(campaign.id, (), every=True)
            for files, placements in slices(settings, store, campaign, folders):
                _archive_files(
                    settings, store, campaign, root, now, report, pool, folders, files, placements
                )
        else:
            _archive_files(settings, store, campaign, root, now, report, pool, folders, only)
    write_manifest(
        settings, store, campaign, root, paper_entries(store, campaign, settings.language)
    )
    log.info(
        "archive.done", files=None if only is None else len(only), **dataclasses.asdict(report)
    )


def _archive_files(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    root: Path,
    now: datetime,
    report: ArchiveReport,
    pool: ThreadPoolExecutor,
    folders: dict[str, str],
    files: set[str],
    placements: Placements | None = None,
) -> None:
    """Archive the versions of `files` (a poll's changes, or a slice of a whole pass), every
    other file's copies standing; the names recorded in the folders they go to stay taken."""
    entries, seen = gather(settings, store, campaign, files, placements)
    copies = {(c.file_id, c.content_hash): c for c in store.archived_copies(campaign.id, files)}
    wanted = {wanted_folder(entry, folders) for entry in entries}
    if placements is None:  # a poll's changes: a killed run's scraps in their folders
        for folder in wanted:
            disk.sweep_temporaries(root / folder, recursive=False)
    recorded = [
        *store.archived_paths_in(campaign.id, wanted),
        *(c.path for c in copies.values()),
    ]
    steps = plan(entries, copies, campaign.schools, campaign.timezone, recorded, folders)
    writes = [step for step in steps if step.action is Action.WRITE]
    for step in (step for step in steps if step.action is not Action.WRITE):
        try:
            _execute(settings, store, campaign.id, root, step, now, report)
        except OSError as error:
            _failed(report, campaign.id, step, error)
    # New copies are independent files: written side by side, so their fsyncs overlap (a
    # cold sync of a province writes tens of thousands); recorded here, RECORD_EVERY to a
    # transaction. A copy written but not recorded (a kill before the commit) is adopted by
    # the next run (`place_bytes`), not written twice.
    futures = {
        pool.submit(
            place_bytes, root, step.path, blob_path(settings, step.entry.content_hash)
        ): step
        for step in writes
    }
    written: list[tuple[Step, str, str]] = []
    for future in as_completed(futures):
        step = futures[future]
        try:
            path, sha256 = future.result()
        except OSError as error:
            _failed(report, campaign.id, step, error)
            continue
        written.append((step, path, sha256))
        if len(written) >= RECORD_EVERY:
            _record_all(store, campaign.id, written, now, report)
    _record_all(store, campaign.id, written, now, report)
    save_lines(settings, store, campaign, entries, seen)


def archive_changes(
    settings: Settings, store: Store, campaign: Campaign, now: datetime
) -> ArchiveReport | None:
    """Archive what the polls since the last archiving changed (`note_archive`), as a poll
    does after its evaluation; None when nothing did. Every file again after a failure, a
    new configuration or archive folder, or when the archive was turned on."""
    stamp = _stamp(settings, campaign)
    pending = archive_pending(store, campaign.id)
    complete = store.get_meta(archived_key(campaign.id)) == stamp
    if complete and pending == set():
        return None  # an idle poll walks nothing
    report = archive_campaign(settings, store, campaign, now, pending if complete else None)
    with store.transaction():
        store.set_meta(archived_key(campaign.id), "" if report.failed or report.error else stamp)
        store.set_meta(archive_pending_key(campaign.id), "")
    return report


def archived_key(campaign: str) -> str:
    return f"archived:{campaign}"


def _stamp(settings: Settings, campaign: Campaign) -> str:
    """What every copy and manifest line was made under: the folder, the evaluating
    configuration (roster, placements, language, policy), the time zone."""
    policy = policy_key(settings)
    return "|".join(
        (
            str(campaign_folder(settings, campaign)),
            fingerprint(settings, campaign, policy),
            str(campaign.timezone),
        )
    )


# --- stored state -> entries -----------------------------------------------------------------


Placements = dict[str, tuple[str | None, str | None]]  # file id -> (school code, period id)


def slices(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    folders: dict[str, str],
    size: int | None = None,
) -> Iterator[tuple[set[str], Placements]]:
    """Every file the campaign's source ever showed, in slices of about `size` files (SLICE),
    with where each is placed. The files going to one archive folder are always in one
    slice, so that folder's new names are chosen together, in order of arrival, as a
    whole pass would choose them."""
    placements = store.placement_rows(campaign.id)
    versioned = store.versioned_files(campaign.id)
    unplaced = versioned - placements.keys()
    if unplaced:  # they left the source before an evaluation placed them
        policy, fallback = policy_key(settings), _Fallback(settings, campaign)
        for record in store.files(campaign.id, ids=unplaced):
            placements[record.id] = fallback.place(record, store, policy)
    by_folder: dict[str, list[str]] = {}
    for file_id in sorted(versioned & placements.keys()):
        school, period = placements[file_id]
        folder = names.name_key(placed_folder(school, period, folders))
        by_folder.setdefault(folder, []).append(file_id)
    files: set[str] = set()
    for folder in sorted(by_folder):
        files.update(by_folder.pop(folder))
        if len(files) >= (size or SLICE):
            yield files, placements
            files = set()
    if files:
        yield files, placements


def gather(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    files: set[str],
    placements: Placements | None = None,
) -> tuple[list[Entry], dict[tuple[str, str], tuple[str | None, str]]]:
    """Every version of these files, removed files included; and when each version was
    uploaded and first seen (as stored), which orders a file's lines in the manifest.
    `placements`: where the files are placed, when the caller knows (`slices`)."""
    records = {r.id: r for r in store.files(campaign.id, ids=files)}
    removed = store.removal_times(campaign.id, files)
    placed = store.placement_rows(campaign.id, files) if placements is None else placements
    policy = policy_key(settings)
    fallback = _Fallback(settings, campaign)
    schools = {school.code: school for school in campaign.schools}
    entries: list[Entry] = []
    seen: dict[tuple[str, str], tuple[str | None, str]] = {}
    shared: dict[Verdict, Verdict] = {}  # equal verdicts (most files') kept once
    for file_id, digest, uploaded_at, name, seen_at in store.version_rows(campaign.id, files):
        record = records.get(file_id)
        if record is None:
            continue
        # without the document text it kept for matching: a province's is hundreds of MB
        verdict = textless(store.verdict(digest, verdict_key(policy, name, record.mime_type)))
        if verdict is not None:
            verdict = shared.setdefault(verdict, verdict)
        school, period = placed.get(file_id) or fallback.place(record, store, policy)
        placement = Placement(file_id, school, period)
        entries.append(
            Entry(
                file_id=file_id,
                content_hash=digest,
                name=name,
                uploaded_at=uploaded_at,
                school=schools.get(school) if school and period else None,
                period=period if school and period else None,
                role=slot_role(campaign, verdict, placement, record),
                withdrawn_at=removed.get(file_id),
                verdict=verdict,
                current=digest == record.content_hash,
                cached=blob_path(settings, digest).exists(),
                suffix=".docx" if record.mime_type == GOOGLE_DOC_MIME else "",
            )
        )
        seen[(file_id, digest)] = (iso(uploaded_at), seen_at)
    return entries, seen


def paper_entries(store: Store, campaign: Campaign, language: str) -> list[Entry]:
    """Paper copies have no bytes to archive; the manifest lists them, with when they came."""
    entries = []
    for item in paper_files(store, campaign, language):
        placement = item.placement
        entries.append(
            Entry(
                file_id=item.record.id,
                content_hash=item.record.content_hash or "",
                name=item.record.name,
                uploaded_at=item.record.uploaded_at,
                school=campaign.school(placement.school or ""),
                period=placement.period,
                role=Role.PAPER,
                withdrawn_at=None,
                verdict=None,
                current=True,
                cached=False,
            )
        )
    return entries


class _Fallback:
    """Placement for files the last evaluation did not place (they left the source)."""

    def __init__(self, settings: Settings, campaign: Campaign) -> None:
        self.settings = settings
        self.campaign = campaign
        self.matcher: Any = None  # built on first need: most polls place every file

    def place(self, record: FileRecord, store: Store, policy: str) -> tuple[str | None, str | None]:
        if self.matcher is None:
            self.matcher = make_matcher(self.settings, self.campaign)
        key = verdict_key(policy, record.name, record.mime_type)
        verdict = store.verdict(record.content_hash, key) if record.content_hash else None
        placement = self.matcher.place(record, verdict.text if verdict else "")
        return placement.school, placement.period


# --- steps -> disk -----------------------------------------------------------------------


def _execute(
    settings: Settings,
    store: Store,
    campaign: str,
    root: Path,
    step: Step,
    now: datetime,
    report: ArchiveReport,
) -> None:
    entry = step.entry
    if step.action is Action.SKIP:
        report.skipped += 1
        log.info("archive.no_content", campaign=campaign, file=entry.file_id, name=entry.name)
    elif step.action is Action.KEEP:
        _keep(settings, store, campaign, root, step, report)
    elif step.action is Action.WRITE:
        path, sha256 = place_bytes(root, step.path, blob_path(settings, entry.content_hash))
        _record_written(store, campaign, step, path, sha256, now, report)
    else:
        _move(settings, store, campaign, root, step, now, report)


def _record_all(
    store: Store,
    campaign: str,
    written: list[tuple[Step, str, str]],
    now: datetime,
    report: ArchiveReport,
) -> None:
    if written:
        with store.transaction():
            for step, path, sha256 in written:
                _record_written(store, campaign, step, path, sha256, now, report)
        written.clear()


def _record_written(
    store: Store,
    campaign: str,
    step: Step,
    path: str,
    sha256: str,
    now: datetime,
    report: ArchiveReport,
) -> None:
    entry = step.entry
    store.record_copy(
        campaign,
        ArchivedCopy(entry.file_id, entry.content_hash, path, sha256, now, entry.withdrawn_at),
    )
    report.written += 1
    log.info("archive.written", campaign=campaign, file=entry.file_id, path=path)


def _failed(report: ArchiveReport, campaign: str, step: Step, error: OSError) -> None:
    report.failed += 1
    log.warning("archive.step_failed", campaign=campaign, path=step.path, error=str(error))


def _keep(
    settings: Settings, store: Store, campaign: str, root: Path, step: Step, report: ArchiveReport
) -> None:
    copy, entry = step.previous, step.entry
    assert copy is not None
    if not (root / copy.path).exists():
        restore(settings, root, copy)
        report.restored += 1
    if copy.withdrawn_at != entry.withdrawn_at:
        store.record_copy(campaign, dataclasses.replace(copy, withdrawn_at=entry.withdrawn_at))
        report.withdrawn += entry.withdrawn_at is not None
        log.info("archive.withdrawn", campaign=campaign, path=copy.path, at=entry.withdrawn_at)


def _move(
    settings: Settings,
    store: Store,
    campaign: str,
    root: Path,
    step: Step,
    now: datetime,
    report: ArchiveReport,
) -> None:
    copy, entry = step.previous, step.entry
    assert copy is not None
    source = root / copy.path
    if source.exists():
        path = free_path(root, step.path, copy.sha256)
        target = root / path
        if not target.exists():
            disk.move_new(source, target)
        elif os.path.samefile(source, target):  # a move killed between link and unlink
            os.unlink(source)
    else:  # moved by an earlier, interrupted run, or lost: the cache has the bytes
        path, _ = place_bytes(root, step.path, blob_path(settings, entry.content_hash))
    moved = dataclasses.replace(
        copy, path=path, moved_from=copy.path, moved_at=now, withdrawn_at=entry.withdrawn_at
    )
    store.record_copy(campaign, moved)
    report.moved += 1
    log.info("archive.moved", campaign=campaign, file=entry.file_id, old=copy.path, new=path)


def place_bytes(root: Path, wanted: str, blob: Path) -> tuple[str, str]:
    """Write the cached bytes at `wanted` (or a free variant); adopt an identical file found there.

    An identical file under the wanted name is what a run killed between the rename and the
    database update leaves behind: it is adopted, not copied twice.
    """
    if not (root / wanted).exists():
        return wanted, disk.write_new(blob, root / wanted)
    expected = disk.sha256_of(blob)
    path = free_path(root, wanted, expected)
    if (root / path).exists():
        return path, expected
    return path, disk.write_new(blob, root / path)


def free_path(root: Path, wanted: str, adopt_sha256: str | None) -> str:
    """`wanted`, or 'name (2).ext'…, the first that is free or already holds `adopt_sha256`."""
    candidate, counter = wanted, 2
    while (root / candidate).exists():
        if adopt_sha256 and disk.sha256_of(root / candidate) == adopt_sha256:
            return candidate
        folder, _, name = wanted.rpartition("/")
        candidate = (
            f"{folder}/{names.numbered(name, counter)}" if folder else names.numbered(name, counter)
        )
        counter += 1
    return candidate


def restore(settings: Settings, root: Path, copy: ArchivedCopy) -> None:
    """Copy a recorded version back from the content cache to its recorded place."""
    blob = blob_path(settings, copy.content_hash)
    if not blob.exists():
        raise FileNotFoundError(f"{copy.path}: missing and no longer in the content cache")
    written = disk.write_new(blob, root / copy.path)
    log.warning("archive.restored", path=copy.path, matches=written == copy.sha256)


# --- manifest ----------------------------------------------------------------------------


def save_lines(
    settings: Settings,
    store: Store,
    campaign: Campaign,
    entries: list[Entry],
    seen: dict[tuple[str, str], tuple[str | None, str]],
) -> None:
    """Store the manifest line of each of these versions, as their copies now are."""
    files = {entry.file_id for entry in entries}
    copies = {(c.file_id, c.content_hash): c for c in store.archived_copies(campaign.id, files)}
    zone, language = campaign.timezone, settings.language
    with store.transaction():
        store.save_manifest_lines(
            campaign.id,
            (
                (
                    entry.file_id,
                    entry.content_hash,
                    *manifest.order(entry, copies.get(entry.key))[:4],
                    *seen.get(entry.key, (None, "")),
                    manifest.line(entry, copies.get(entry.key), zone, language),
                )
                for entry in entries
            ),
            every=False,
        )


def write_manifest(
    settings: Settings, store: Store, campaign: Campaign, root: Path, papers: list[Entry]
) -> bool:
    """Rewrite `manifest.csv` atomically when its content changed; True when it was written.

    The versions' lines are the stored ones (`save_lines`), read in the manifest's order;
    the papers' (few) are made anew every time and merged in."""
    zone, language = campaign.timezone, settings.language
    others = sorted(
        (
            (manifest.order(paper, None), manifest.line(paper, None, zone, language))
            for paper in papers
        ),
        key=lambda item: item[0],
    )
    merged = heapq.merge(store.manifest_lines(campaign.id), others, key=lambda item: item[0])
    chunks = manifest.render_lines((text for _, text in merged), language)
    return disk.write_if_changed(chunks, root / names.MANIFEST)
