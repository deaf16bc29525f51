"""The service: APScheduler jobs, each one step under one lock; reload, signals, health.

Every job is a method that does one unit of work for an explicit `now` and returns (the tests
drive them directly); APScheduler only decides when they run. The main thread only waits for
signals. Jobs (all coalesced, one instance at a time, run however late after a suspend):

- poll       every daemon.poll_every, first at start: checks the config for edits, then polls
             every campaign, queues e-mail for the ones whose poll succeeded, wakes `deliver`;
- deliver    every daemon.deliver_every: (re)tries queued e-mail. Outside the poll lock, with
             its own database connection and its own lock: a mail server that never answers
             holds up delivery only, never polls, health or a shutdown (which cuts the
             connection in use);
- digest     at digest.cron: queues the staff digest from stored state, even if polls fail;
- deadline   at the first second after each effective deadline (grace and each extension
             included): polls, so `missing` appears at the deadline and not at the next poll.

Stable log events: daemon.started, daemon.stopping, daemon.stopped, poll.started, poll.cycle,
job.crashed, job.missed, deadline.reached, digest.queued, config.reloaded, config.reload_failed.
"""

from __future__ import annotations

import hashlib
import signal
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import structlog
from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from watcher.config import ConfigErrors, Settings, load, parse_duration
from watcher.cycle import CycleReport, run_cycle
from watcher.health import HealthServer, Snapshot
from watcher.i18n import t
from watcher.model import Transition
from watcher.notify.alerts import admin_message
from watcher.notify.deliver import DeliveryReport, deliver, make_transport
from watcher.notify.queue import cancel_queued, queue_digest
from watcher.notify.transports import Transport
from watcher.pipeline import SourceFactory, current_rows, make_source, reevaluate
from watcher.progress import LogProgress
from watcher.status import effective_deadline
from watcher.store import QueuedMail, Store

log = structlog.get_logger("watcher.daemon")

Clock = Callable[[], datetime]


# --- the plan: pure functions of the settings and `now` --------------------------------------


@dataclass(frozen=True)
class PlannedJob:
    id: str
    trigger: BaseTrigger
    signature: str  # equal signatures: the job stays as scheduled across a reload
    args: tuple[str, ...] = ()
    first_run: datetime | None = None


def deadline_moments(settings: Settings, now: datetime) -> list[tuple[datetime, str]]:
    """(moment, campaign id) for every future first second after an effective deadline."""
    moments: set[tuple[datetime, str]] = set()
    for campaign in settings.campaigns:
        for period in campaign.periods:
            extensions = [e for e in campaign.extensions if e.period == period.id]
            for extension in (None, *extensions):
                moment = effective_deadline(period, extension) + timedelta(seconds=1)
                if moment > now:
                    moments.add((moment.replace(microsecond=0), campaign.id))
    return sorted(moments)


def plan(settings: Settings, now: datetime, *, starting: bool = True) -> list[PlannedJob]:
    """The jobs the settings ask for; when `starting`, the first poll runs at once."""
    zone = settings.timezone
    poll = parse_duration(settings.raw.daemon.poll_every).total_seconds()
    send = parse_duration(settings.raw.daemon.deliver_every).total_seconds()
    cron = settings.raw.digest.cron
    jobs = [
        PlannedJob(
            "poll",
            IntervalTrigger(seconds=poll, timezone=zone),
            f"every {poll}s",
            first_run=now if starting else None,
        ),
        PlannedJob("deliver", IntervalTrigger(seconds=send, timezone=zone), f"every {send}s"),
        PlannedJob("digest", CronTrigger.from_crontab(cron, timezone=zone), f"{cron} {zone}"),
    ]
    for moment, campaign in deadline_moments(settings, now):
        stamp = moment.isoformat()
        jobs.append(
            PlannedJob(
                f"deadline:{campaign}:{stamp}",
                DateTrigger(moment, timezone=zone),
                stamp,
                args=(campaign,),
            )
        )
    return jobs


def fingerprint(config: Path, rosters: list[Path]) -> str:
    """What the running config was made from: the file and every roster, by content."""
    digest = hashlib.sha256()
    for path in (config, *rosters):
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError as error:
            digest.update(f"unreadable: {error}".encode())
    return digest.hexdigest()


def rosters_of(settings: Settings) -> list[Path]:
    """The files besides the config that the running config was made from: every roster and
    the placements file (`watcher place` writing it is a reload, like editing a roster)."""
    from watcher.config.placements import path_beside

    rosters = sorted({campaign.roster_path for campaign in settings.campaigns})
    return [*rosters, path_beside(settings.path)]


# --- the daemon ----------------------------------------------------------------------------


class Daemon:
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        source_factory: SourceFactory = make_source,
    ) -> None:
        self.settings = settings
        self.clock: Clock = clock or (lambda: datetime.now(self.settings.timezone))
        self.source_factory = source_factory
        self.lock = threading.RLock()
        self.delivery_lock = threading.Lock()  # delivery has its own: it may wait on a server
        self.stopping = threading.Event()
        self.transport: Transport | None = None  # the one in use, so a shutdown can cut it
        self.store = Store.open(settings.state_dir)
        self._delivery_store: Store | None = None
        self.started_at = self.clock()
        self.fingerprint = fingerprint(settings.path, rosters_of(settings))
        self.refused: set[str] = set()
        self.counts: Counter[str] = Counter()
        self.last_error = ""
        self.scheduler: BackgroundScheduler | None = None
        self.health: HealthServer | None = None
        self.wake = threading.Event()
        self.stop_requested = False
        self.reload_requested = False
        self.progress = LogProgress()
        self.snapshot = self._measure(self.started_at)

    # --- steps (each takes the lock; `now` explicit for tests) ---

    def poll(self, now: datetime | None = None) -> CycleReport | None:
        with self.lock:
            now = now or self.clock()
            self.check_config(now)
            log.info("poll.started", campaigns=len(self.settings.campaigns))
            report = self._guard("poll", lambda: self._cycle(now))
            self._refresh(now)
        self._kick_delivery(now)
        return report

    def _kick_delivery(self, now: datetime) -> None:
        """Mail just queued goes out soon: wake the deliver job (in its own thread, so this
        job never waits on a mail server); with no scheduler (tests, one-off), deliver here."""
        if self.scheduler is not None and self.scheduler.running:
            if not self.stopping.is_set():
                try:
                    self.scheduler.modify_job("deliver", next_run_time=self.clock())
                except Exception as error:  # noqa: BLE001 - the next interval delivers anyway
                    log.warning("deliver.wake_failed", error=str(error))
            return
        self.deliver(now)

    def _cycle(self, now: datetime) -> CycleReport:
        report = run_cycle(
            self.settings,
            self.store,
            now,
            send=False,  # delivery is its own job (see `deliver`)
            source_factory=self.source_factory,
            progress=self.progress,  # `poll.progress` events through a long cold sync
        )
        failed = [poll for poll in report.polls if not poll.ok]
        self.last_error = "; ".join(f"{p.campaign}: {p.detail or p.error}" for p in failed)
        log.info(
            "poll.cycle",
            ok=report.ok,
            failed=[p.campaign for p in failed],
            transitions=sum(len(p.transitions) for p in report.polls),
            queued=report.queued,
        )
        return report

    def deliver(self, now: datetime | None = None) -> DeliveryReport | None:
        """One delivery pass; skipped while another is still running (it has the queue)."""
        if not self.delivery_lock.acquire(blocking=False):
            return None
        try:
            now = now or self.clock()
            report = self._guard("deliver", lambda: self._deliver(now))
        finally:
            self.transport = None
            self.delivery_lock.release()
        with self.lock:
            self._refresh(now)
        return report

    def _deliver(self, now: datetime) -> DeliveryReport:
        settings = self.settings
        store = self._delivery_store
        if store is None or store.path.parent != settings.state_dir:
            if store is not None:
                store.close()
            store = self._delivery_store = Store.open(settings.state_dir)
        self.transport = make_transport(settings)  # credentials as they are now
        return deliver(settings, store, self.transport, now, stop=self.stopping)

    def digest(self, now: datetime | None = None) -> int:
        """Queue each campaign's digest for the current slot from stored state."""
        with self.lock:
            now = now or self.clock()
            queued = self._guard("digest", lambda: self._queue_digests(now)) or 0
            self._refresh(now)
        if queued:
            self._kick_delivery(now)
        return queued

    def _queue_digests(self, now: datetime) -> int:
        queued = 0
        for campaign in self.settings.campaigns:
            with self.store.transaction():
                rows, items = current_rows(self.settings, self.store, campaign, now)
                queued += queue_digest(self.settings, self.store, campaign, rows, items, now)
        log.info("digest.queued", count=queued)
        return queued

    def deadline(self, campaign_id: str, now: datetime | None = None) -> list[Transition]:
        """At a deadline: poll, so late uploads are seen; re-evaluate a campaign whose poll failed."""
        now = now or self.clock()
        log.info("deadline.reached", campaign=campaign_id)
        report = self.poll(now)
        with self.lock:
            done = report.polls if report else []
            if any(p.campaign == campaign_id and p.ok for p in done):
                return [t for p in done if p.campaign == campaign_id for t in p.transitions]
            return self._guard("deadline", lambda: self._evaluate(campaign_id, now)) or []

    def _evaluate(self, campaign_id: str, now: datetime) -> list[Transition]:
        campaign = self.settings.campaign(campaign_id)
        if campaign is None:
            return []
        with self.store.transaction():  # only the rows whose deadline passed are computed
            return reevaluate(self.settings, self.store, campaign, now, set()).transitions

    def _guard(self, job: str, step: Callable[[], Any]) -> Any:
        """A step that fails is logged and counted; it never stops the daemon."""
        try:
            return step()
        except Exception as error:  # noqa: BLE001 - the daemon must outlive any one step
            self.counts[f"{job}_crashed"] += 1
            self.last_error = f"{job}: {type(error).__name__}: {error}"
            log.exception("job.crashed", job=job, error=str(error))
            return None

    # --- configuration ---

    def check_config(self, now: datetime, *, forced: bool = False) -> bool | None:
        """Reload when the config or a roster changed (or when forced, e.g. by SIGHUP).

        True: reloaded; False: refused (the old config keeps running); None: nothing to do.
        """
        current = fingerprint(self.settings.path, rosters_of(self.settings))
        if not forced and current == self.fingerprint:
            if self.refused:  # put back as it was: an alert not sent yet is no longer true
                self._drop_alerts()
                self.refused.clear()
            return None
        if not forced and current in self.refused:
            return None
        try:
            fresh = load(self.settings.path)
        except ConfigErrors as failure:
            self._refuse(current, [str(p) for p in failure.problems], now, failure.language)
            return False
        self._drop_alerts()  # "still running on the old config" is no longer true
        self.refused.clear()
        self._apply(fresh, now)
        self.fingerprint = fingerprint(fresh.path, rosters_of(fresh))
        self.counts["reloads"] += 1
        log.info("config.reloaded", path=str(fresh.path), campaigns=len(fresh.campaigns))
        return True

    def _apply(self, fresh: Settings, now: datetime) -> None:
        old = self.settings
        self.settings = fresh
        if fresh.state_dir != old.state_dir:
            self.store.close()
            self.store = Store.open(fresh.state_dir)
        if self.scheduler is not None:
            self.schedule(now)
        daemon_old, daemon_new = old.raw.daemon, fresh.raw.daemon
        if self.health is not None and (
            (daemon_old.health_host, daemon_old.health_port)
            != (daemon_new.health_host, daemon_new.health_port)
        ):
            self.health.stop()
            self.health = self._start_health()

    def _refuse(
        self, current: str, problems: list[str], now: datetime, language: str | None = None
    ) -> None:
        self.counts["reload_failures"] += 1
        log.error("config.reload_failed", path=str(self.settings.path), problems=problems)
        if current in self.refused:
            return
        self.refused.add(current)
        mail = admin_mail(self.settings, current, problems, now, language)
        if mail is None:
            return
        with self.store.transaction():
            # an alert about an earlier broken content that has not gone out yet would list
            # problems the admin may already have fixed: this one replaces it
            cancel_queued(self.store, ADMIN_CONFIG_PREFIX)
            self.store.enqueue(mail, now)

    def _drop_alerts(self) -> None:
        with self.store.transaction():
            cancel_queued(self.store, ADMIN_CONFIG_PREFIX)

    # --- scheduling and the outer loop ---

    def schedule(self, now: datetime, *, starting: bool = False) -> None:
        """Make the scheduler's jobs match the plan; unchanged jobs keep their timing."""
        assert self.scheduler is not None
        wanted = {job.id: job for job in plan(self.settings, now, starting=starting)}
        for job in self.scheduler.get_jobs():
            planned = wanted.get(job.id)
            if planned is None or planned.signature != job.name:
                job.remove()
            else:
                del wanted[job.id]
        for planned in wanted.values():
            timing = {"next_run_time": planned.first_run} if planned.first_run else {}
            self.scheduler.add_job(
                self._job_function(planned.id),
                trigger=planned.trigger,
                args=planned.args,
                id=planned.id,
                name=planned.signature,
                **timing,
            )

    def _job_function(self, job_id: str) -> Callable[..., Any]:
        kind = job_id.split(":", 1)[0]
        jobs: dict[str, Callable[..., Any]] = {
            "poll": self.poll,
            "deliver": self.deliver,
            "digest": self.digest,
            "deadline": self.deadline,
        }
        return jobs[kind]

    def run(self) -> int:
        """Serve until SIGTERM or SIGINT; SIGHUP reloads. Returns the exit code."""
        self._install_signals()
        try:
            self.health = self._start_health()
        except OSError as error:
            daemon = self.settings.raw.daemon
            log.error(
                "health.unavailable",
                host=daemon.health_host,
                port=daemon.health_port,
                error=str(error),
                hint="another watcher may be running; or set daemon.health_port",
            )
            self.store.close()
            return 1
        self.scheduler = BackgroundScheduler(
            timezone=self.settings.timezone,
            executors={"default": ThreadPoolExecutor(4)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self.scheduler.add_listener(_missed, EVENT_JOB_MISSED)
        self.schedule(self.clock(), starting=True)
        self.scheduler.start()
        log.info("daemon.started", config=str(self.settings.path), pid=_pid())
        while not self.stop_requested:
            self.wake.wait(timeout=5)
            self.wake.clear()
            if self.reload_requested and not self.stop_requested:
                self.reload_requested = False
                with self.lock:
                    self.check_config(self.clock(), forced=True)
        self.shutdown()
        return 0

    def shutdown(self) -> None:
        """Let the running steps finish (a delivery waiting on a silent server is cut short,
        nothing marked), then close everything (the stores last)."""
        log.info("daemon.stopping")
        self.stopping.set()
        transport = self.transport
        if transport is not None and hasattr(transport, "abort"):
            transport.abort()
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.health is not None:
            self.health.stop()
        with self.delivery_lock:
            if self._delivery_store is not None:
                self._delivery_store.close()
        with self.lock:
            self.store.close()
        log.info("daemon.stopped")

    def _install_signals(self) -> None:
        def stop(signum: int, _: FrameType | None) -> None:
            self.stop_requested = True
            self.wake.set()

        def reload(signum: int, _: FrameType | None) -> None:
            self.reload_requested = True
            self.wake.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, reload)

    def _start_health(self) -> HealthServer | None:
        daemon = self.settings.raw.daemon
        if not daemon.health_port:
            return None
        server = HealthServer(
            daemon.health_host,
            daemon.health_port,
            snapshot=lambda: self.snapshot,
            clock=self.clock,
            poll_every=lambda: parse_duration(self.settings.raw.daemon.poll_every),
        )
        server.start()
        return server

    # --- metrics ---

    def _refresh(self, now: datetime) -> None:
        try:
            self.snapshot = self._measure(now)
        except Exception as error:  # noqa: BLE001 - metrics must not break a step
            log.warning("metrics.failed", error=str(error))

    def _measure(self, now: datetime) -> Snapshot:
        statuses: Counter[str] = Counter()
        files = 0
        for campaign in self.settings.campaigns:
            statuses.update(s.value for s in self.store.statuses(campaign.id).values())
            files += len(self.store.present_ids(campaign.id))
        polls = self.store.poll_counts()
        return Snapshot(
            started_at=self.started_at,
            measured_at=now,
            last_success=self.store.last_success(),
            last_error=self.last_error,
            polls=polls["polls"] + self.counts["poll_crashed"],
            poll_failures=polls["failures"] + self.counts["poll_crashed"],
            files=files,
            statuses=dict(statuses),
            mail=self.store.mail_counts(),
            reloads=self.counts["reloads"],
            reload_failures=self.counts["reload_failures"],
        )


ADMIN_CONFIG_PREFIX = "admin:config:"


def admin_mail(
    settings: Settings,
    content: str,
    problems: list[str],
    now: datetime,
    language: str | None = None,
) -> QueuedMail | None:
    """One e-mail to the admins per distinct broken config content.

    `language`: the broken file's own (its problems are worded in it), else the running one's.
    """
    language = language or settings.language
    text = "\n".join(
        [
            t(language, "mail.alert.config_refused.intro", path=settings.path),
            "",
            *(f"- {p}" for p in problems),
            "",
        ]
    )
    return admin_message(
        settings,
        f"{ADMIN_CONFIG_PREFIX}{content[:24]}",
        t(language, "mail.alert.config_refused.subject"),
        text,
        now,
    )


def _missed(event: JobExecutionEvent) -> None:
    log.warning("job.missed", job=event.job_id, scheduled=str(event.scheduled_run_time))


def _pid() -> int:
    import os

    return os.getpid()
