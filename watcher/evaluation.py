"""Evaluated files, kept: what each file is, where it belongs, which slot it fills.

Placing a file (matching its folders, name and text), reading its verdicts and versions and
checking that its text names no other school is the costly part of a status; none of it
depends on the time. So each file's evaluation is stored once, as a plain `SourceFile`, and
done again only when the file changes or the evaluating configuration does (its
fingerprint: roster, periods, overrides, extensions, excuses, matching and checking policy,
language, version). Statuses are then a cheap pure function of the stored evaluations and
`now` (`watcher.status.compute_rows`), for one row, one period or the whole campaign.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from watcher import __version__
from watcher.config import Campaign, Settings
from watcher.model import FileRecord, Placement, Role, SourceFile, Verdict, Version
from watcher.store import Store, iso, parse_time, verdict_from_data, verdict_to_data

Key = tuple[str, str]  # (school code, period id)


def fingerprint(settings: Settings, campaign: Campaign, policy: str) -> str:
    """Everything besides the files that an evaluation or a status depends on."""
    parts = (
        __version__,
        policy,
        settings.language,
        repr(settings.raw.matching),
        repr(campaign.schools),
        repr(campaign.periods),
        repr(campaign.require),
        repr(campaign.overrides),
        repr(campaign.placements),  # `watcher place` decisions
        repr(campaign.extensions),
        repr(campaign.excuses),
    )
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


@dataclass(frozen=True)
class State:
    """What the stored evaluations of a campaign were made under, and when."""

    fingerprint: str
    at: datetime  # the `now` of the last evaluation: statuses stored are as of then
    next_upload: datetime | None  # the earliest upload after `at` (a clock ahead, a dry run)

    def to_json(self) -> str:
        return json.dumps(
            {"fingerprint": self.fingerprint, "at": iso(self.at), "next": iso(self.next_upload)}
        )

    @staticmethod
    def from_json(text: str | None) -> State | None:
        if not text:
            return None
        data = json.loads(text)
        at = parse_time(data["at"])
        return State(data["fingerprint"], at, parse_time(data.get("next"))) if at else None


def state_key(campaign: str) -> str:
    return f"evaluation:{campaign}"


def load_state(store: Store, campaign: str) -> State | None:
    return State.from_json(store.get_meta(state_key(campaign)))


def save_state(store: Store, campaign: str, state: State) -> None:
    store.set_meta(state_key(campaign), state.to_json())


EVERY_ROW = "*"


def remail_key(campaign: str) -> str:
    return f"remail:{campaign}"


def note_recomputed(store: Store, campaign: str, keys: set[Key] | None) -> None:
    """Remember rows computed anew (None: every row) until their mail is queued again
    (`take_recomputed`), in the evaluation's own transaction: a crash between the two
    leaves the note for the next poll instead of losing it."""
    if keys is not None and not keys:
        return
    known = store.get_meta(remail_key(campaign))
    if keys is None or known == EVERY_ROW:
        store.set_meta(remail_key(campaign), EVERY_ROW)
        return
    noted = {(str(s), str(p)) for s, p in json.loads(known)} if known else set()
    store.set_meta(remail_key(campaign), json.dumps(sorted(noted | keys), ensure_ascii=False))


def take_recomputed(store: Store, campaign: str) -> set[Key] | None:
    """The rows noted since mail was last queued (None: every row), and the note cleared."""
    known = store.get_meta(remail_key(campaign))
    if known:
        store.set_meta(remail_key(campaign), "")
    if known == EVERY_ROW:
        return None
    return {(str(s), str(p)) for s, p in json.loads(known)} if known else set()


def archive_pending_key(campaign: str) -> str:
    return f"archive-pending:{campaign}"


EVERY_FILE = "*"
PENDING_LIMIT = 2_000  # more changed files than this: the whole archive once is cheaper


def note_archive(store: Store, campaign: str, file_ids: set[str] | None) -> None:
    """Remember files whose copies or manifest lines may change (None: every file) until the
    archive has them (`watcher.archive.sync.archive_changes`); in the evaluation's own transaction, so a crash
    in between leaves the note for the next poll instead of losing it."""
    if file_ids is not None and not file_ids:
        return
    known = archive_pending(store, campaign)
    if file_ids is None or known is None or len(known | file_ids) > PENDING_LIMIT:
        store.set_meta(archive_pending_key(campaign), EVERY_FILE)
        return
    store.set_meta(archive_pending_key(campaign), json.dumps(sorted(known | file_ids)))


def archive_pending(store: Store, campaign: str) -> set[str] | None:
    known = store.get_meta(archive_pending_key(campaign))
    if known == EVERY_FILE:
        return None
    return {str(file_id) for file_id in json.loads(known)} if known else set()


def stored_items(store: Store, campaign: str, keys: set[Key] | None = None) -> list[SourceFile]:
    """Stored evaluations: all (removed files included), or only those placed at `keys`."""
    texts = store.each_evaluation(campaign) if keys is None else store.evaluations(campaign, keys)
    return [item_from_json(text) for text in texts]


def stored_items_of(store: Store, campaign: str, schools: set[str]) -> list[SourceFile]:
    """Stored evaluations of every file placed at these schools (whatever the period)."""
    return [item_from_json(text) for text in store.evaluations_at_schools(campaign, schools)]


def upload_times(item: SourceFile) -> list[datetime]:
    times = [v.uploaded_at for v in item.versions if v.uploaded_at is not None]
    if item.record.uploaded_at is not None:
        times.append(item.record.uploaded_at)
    return times


def next_upload(items: list[SourceFile], after: datetime) -> datetime | None:
    later = [t for item in items for t in upload_times(item) if t > after]
    return min(later) if later else None


# --- SourceFile <-> JSON (the stored verdicts keep no text: matching is done) ---------------


def item_to_json(item: SourceFile) -> str:
    record = item.record
    data: dict[str, Any] = {
        "r": [
            record.id,
            record.name,
            list(record.folders),
            record.mime_type,
            record.size,
            record.content_hash,
            iso(record.created_at),
            iso(record.modified_at),
            record.owner_email,
            record.url,
            record.extra,
        ],
        "v": _verdict(item.verdict),
        "p": [
            item.placement.school,
            item.placement.period,
            item.placement.reason,
            list(item.placement.evidence),
            item.placement.overridden,
            item.placement.ignored,
            item.placement.basis,
            list(item.placement.beside),
        ],
        "role": item.role.value,
        "versions": [
            [v.content_hash, iso(v.uploaded_at), _verdict(v.verdict)] for v in item.versions
        ],
        "removed": iso(item.removed_at),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def item_from_json(text: str) -> SourceFile:
    data = json.loads(text)
    (file_id, name, folders, mime, size, digest, created, modified, owner, url, extra) = data["r"]
    record = FileRecord(
        file_id,
        name,
        _one(tuple(folders)),
        _one(mime),
        size,
        digest,
        _time(created),
        _time(modified),
        _one(owner),
        url,
        extra,
    )
    school, period, reason, evidence, overridden, *rest = data["p"]  # older rows lack the rest
    ignored = bool(rest[0]) if rest else False
    basis, beside = (rest[1], tuple(rest[2])) if len(rest) > 2 else ("", ())
    placement = Placement(
        file_id,
        _one(school),
        _one(period),
        _one(reason),
        tuple(evidence),
        overridden,
        ignored,
        basis=_one(basis),
        beside=beside,
    )
    versions = tuple(
        Version(digest if held == digest else held, _time(uploaded), _unverdict(verdict))
        for held, uploaded, verdict in data["versions"]
    )
    return SourceFile(
        record,
        _unverdict(data["v"]),
        placement,
        _ROLES[data["role"]],
        versions,
        _time(data["removed"]),
    )


# Values many stored evaluations repeat (a school's folder, a type, an uploader, a row, an
# upload time its versions share), decoded as one object: a province's status reads ~30,000.
@lru_cache(maxsize=16384)
def _one(value: Any) -> Any:
    return value


@lru_cache(maxsize=16384)
def _time(value: str | None) -> datetime | None:
    return parse_time(value)


def _verdict(verdict: Verdict | None) -> dict[str, Any] | None:
    if verdict is None:
        return None
    data = verdict_to_data(verdict)
    del data["text"]
    return data


_ROLES = {role.value: role for role in Role}  # Role(text) costs an enum lookup a call
# Most files' verdicts have no finding: one shared (frozen) Verdict per role and detected kind,
# not one per file and version read (a province's status reads ~60,000 of them).
_CLEAN: dict[tuple[str, str], Verdict] = {}


def _unverdict(data: dict[str, Any] | None) -> Verdict | None:
    if data is None:
        return None
    if data["findings"]:
        return verdict_from_data(data)
    key = (data["role"], data.get("detected", ""))
    verdict = _CLEAN.get(key)
    if verdict is None:
        verdict = _CLEAN[key] = verdict_from_data(data)
    return verdict
