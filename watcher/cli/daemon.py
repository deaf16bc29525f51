"""Commands for the service: `run` (the daemon), `health` (for Docker) and `simulate`."""

from __future__ import annotations

import logging
import sys
import urllib.error
import urllib.request
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import structlog
import typer

from watcher import logs, safe
from watcher.cli import ConfigOption, console, errors, parse_now, settings_or_exit
from watcher.config import Settings
from watcher.i18n import t

if TYPE_CHECKING:
    from watcher.simulate import Simulation

log = structlog.get_logger("watcher.cli")


class SimulateFormat(StrEnum):
    table = "table"
    json = "json"


def run(config: ConfigOption = None) -> None:
    """Run the watcher as a service: poll, send e-mail and digests, serve /healthz and /metrics.

    SIGTERM or Ctrl-C: finish the current step and stop. SIGHUP or an edited config file:
    reload (an invalid edit is refused; the previous config keeps running).
    """
    from watcher.daemon import Daemon

    logs.configure_logging(level=logging.INFO)
    settings = settings_or_exit(config)
    from watcher.cli.common import say_refused
    from watcher.stateguard import StateRefused

    try:
        daemon = Daemon(settings)
    except StateRefused as refused:
        say_refused(settings, refused)
        raise typer.Exit(1) from None
    raise typer.Exit(daemon.run())


def health(
    config: ConfigOption = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait.")] = 5.0,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also say why, from the state on this machine."),
    ] = False,
) -> None:
    """Ask the running service's /healthz (exit 0 healthy, 1 not): Docker's HEALTHCHECK."""
    settings = settings_or_exit(config)
    if verbose:
        _details(settings)
    url = health_url(settings)
    if url is None:
        errors.print(t(settings.language, "cli.health_off"), markup=False)
        raise typer.Exit(1)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - local URL
            console.print(answer.read().decode("utf-8").strip(), markup=False, highlight=False)
    except urllib.error.HTTPError as failure:
        errors.print(failure.read().decode("utf-8").strip(), markup=False, highlight=False)
        raise typer.Exit(1) from None
    except (urllib.error.URLError, OSError) as failure:
        log.info("health.no_answer", url=url, error=str(failure))
        errors.print(t(settings.language, "cli.health_silent", url=url), markup=False)
        raise typer.Exit(1) from None


def _details(settings: Settings) -> None:
    """Per campaign: the last successful poll and the last failure with its reason. Read
    from the local state; /healthz itself never says more than a short code."""
    from watcher.cli import open_store
    from watcher.i18n import t

    language = settings.language
    store = open_store(settings)
    try:
        for campaign in settings.campaigns:
            success = store.last_success(campaign.id)
            failure = store.last_failure(campaign.id)
            when = _local(success, campaign.timezone) if success else t(language, "healthz.never")
            console.print(
                safe.terminal(t(language, "healthz.last_success", campaign=campaign.id, when=when)),
                markup=False,
                highlight=False,
            )
            if failure and (success is None or failure[0] > success):
                moment, reason = failure
                line = t(
                    language,
                    "healthz.last_failure",
                    when=_local(moment, campaign.timezone),
                    reason=logs.scrub(reason),
                )
                console.print(safe.terminal(line), markup=False, highlight=False)
    finally:
        store.close()


def _local(moment: Any, zone: Any) -> str:
    return str(moment.astimezone(zone).strftime("%Y-%m-%d %H:%M"))


def health_url(settings: Settings) -> str | None:
    daemon = settings.raw.daemon
    if not daemon.health_port:
        return None
    host = daemon.health_host
    host = "127.0.0.1" if host in ("", "0.0.0.0") else ("::1" if host == "::" else host)
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{daemon.health_port}/healthz"


def simulate(
    as_of: Annotated[
        str, typer.Option("--as-of", help='The moment to look at, e.g. "2024-05-30 08:00" (local).')
    ],
    config: ConfigOption = None,
    format: Annotated[
        SimulateFormat, typer.Option("--format", "-f", help="table or json.")
    ] = SimulateFormat.table,
) -> None:
    """Show the statuses and the e-mails as they would be at --as-of; sends and changes nothing.

    Files uploaded after that moment are ignored. Use it to check a config edit before a
    deadline: run it with the edited file as --config.
    """
    from watcher.simulate import simulate as run_simulation

    settings = settings_or_exit(config)
    moment = parse_now(as_of, settings)
    result = run_simulation(settings, moment)
    if format is SimulateFormat.json:
        sys.stdout.write(safe.dumps(_document(result, settings), indent=2))
        sys.stdout.write("\n")
        return
    _print_tables(result, settings)


def _document(result: Simulation, settings: Settings) -> dict[str, Any]:
    from watcher.review import queue
    from watcher.statusview import campaign_json

    return {
        "as_of": result.as_of.isoformat(timespec="seconds"),
        "campaigns": [
            campaign_json(c, rows, items, settings.language, queue(settings, c, items))
            for c, rows, items in result.campaigns
        ],
        "mail": [
            {
                "kind": m.kind,
                "campaign": m.campaign,
                "recipients": list(m.recipients),
                "subject": m.subject,
                "key": m.key,
                "already_queued": not m.new,
            }
            for m in result.mail
        ],
    }


def _print_tables(result: Simulation, settings: Settings) -> None:
    from rich.table import Table
    from rich.text import Text

    from watcher.statusview import rows_table

    for campaign, rows, _ in result.campaigns:
        console.print(rows_table(campaign, rows, settings.language, campaign.timezone))
    english = settings.language == "en"
    table = Table(
        title=("E-mails that would go out" if english else "Thư sẽ được gửi")
        + f" ({result.as_of:%d/%m/%Y %H:%M})"
    )
    for header in ("kind", "to", "subject") if english else ("loại", "gửi đến", "tiêu đề"):
        table.add_column(header, overflow="fold")
    for mail in result.mail:
        table.add_row(
            mail.kind,
            Text(safe.terminal(", ".join(mail.recipients))),
            Text(safe.terminal(mail.subject)),
        )
    console.print(table)
    if not result.mail:
        console.print("(none)" if english else "(không có)")


def register(app: typer.Typer) -> None:
    app.command()(run)
    app.command()(health)
    app.command()(simulate)
