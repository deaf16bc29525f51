"""What every command shares: the Typer app, consoles, common options, config and time parsing."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from watcher import safe
from watcher.config import ConfigErrors, Settings, config_path, load
from watcher.i18n import t
from watcher.store import Store

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    # A crash is logged by `watcher.cli.main` (scrubbed, no local variables), never shown raw:
    # Rich's pretty tracebacks print every local, the SMTP password among them.
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    help="Watches the folder schools upload their reports to, and tells staff and schools.",
)


class SafeConsole(Console):
    """A console that never sends a control or direction character of the text it prints: file
    names come from uploads and may carry escape sequences (clear screen, window title, links).
    Callers escape names themselves (safe.terminal) so tables keep their widths; this is the net
    under every print. Rich's own styling is added after rendering, so it is untouched."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or not safe.UNSAFE.search(segment.text):
                yield segment
            else:
                yield Segment(safe.terminal(segment.text, multiline=True), segment.style)


# A pipe or a file gets wide, unwrapped lines; a terminal gets its own width.
console = SafeConsole(width=None if sys.stdout.isatty() else 200)
errors = SafeConsole(stderr=True, soft_wrap=True)

ConfigOption = Annotated[
    str | None,
    typer.Option(
        "--config", "-c", help="Config file (default: $WATCHER_CONFIG or config/watcher.toml)."
    ),
]
NowOption = Annotated[
    str | None,
    typer.Option(
        "--now", help="Pretend it is this local time (YYYY-MM-DD HH:MM); for dry runs.", hidden=True
    ),
]


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def settings_or_exit(option: str | None) -> Settings:
    path = config_path(option)
    try:
        return load(path)
    except ConfigErrors as failure:
        heading = t(failure.language, "cli.config_problems", count=len(failure.problems))
        errors.print(f"[bold red]{heading}[/]")
        for problem in failure.problems:
            errors.print(f"  {problem}", markup=False, highlight=False)
        raise typer.Exit(1) from None


def unknown_campaign(settings: Settings, wanted: str) -> str:
    """'no campaign has id 'q7x' (did you mean 'q7'?); campaigns: q7, tm' in their language."""
    import difflib

    known = [c.id for c in settings.campaigns]
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    hint = t(settings.language, "cli.did_you_mean", name=repr(close[0])) if close else ""
    return t(settings.language, "cli.no_campaign", value=repr(wanted), hint=hint,
             known=", ".join(known))  # fmt: skip


def parse_now(value: str | None, settings: Settings) -> datetime:
    if not value:
        return datetime.now(settings.timezone)
    try:
        moment = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        errors.print(t(settings.language, "cli.not_a_time", value=repr(value)), markup=False)
        raise typer.Exit(2) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=settings.timezone)


def open_store(settings: Settings) -> Store:
    """The state database; a used state_dir with a lost or emptied one stops the command."""
    from watcher.stateguard import StateRefused

    try:
        return Store.open(settings.state_dir)
    except StateRefused as refused:
        say_refused(settings, refused)
        raise typer.Exit(1) from None


def say_refused(settings: Settings, refused: Exception) -> None:
    from watcher.i18n import t

    reason = getattr(refused, "reason", "unreadable")
    text = t(
        settings.language,
        f"state.refused.{reason}",
        database=getattr(refused, "database", settings.state_dir),
        state_dir=settings.state_dir,
        signs=", ".join(getattr(refused, "signs", [])),
    )
    errors.print(text, markup=False, highlight=False)
    errors.print(t(settings.language, "state.refused.advice"), markup=False, highlight=False)
