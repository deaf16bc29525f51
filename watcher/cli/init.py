"""`watcher init`: from the department's plan and its Excel list to a checked config draft."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from watcher.cli.common import console, errors
from watcher.cli.plan import Language, load_plan_or_exit
from watcher.config import ConfigErrors, Settings, load
from watcher.i18n import t
from watcher.plan.draft import INBOX, KEY_FILE, Draft, draft

SAMPLE_ROSTER = "code,name,level,aliases,emails\nMN-VIDU,Mầm non Ví Dụ,MN,,mnvidu@example.edu.vn\n"


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    plan: Annotated[
        Path | None, typer.Option("--plan", help="The department's plan (.docx, .pdf, .txt).")
    ] = None,
    roster: Annotated[
        Path | None, typer.Option("--roster", help="The school list (.xlsx or .csv).")
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("config"),
    lang: Annotated[
        Language, typer.Option("--lang", help="vi or en, for the draft and messages.")
    ] = Language.vi,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing config.")] = False,
) -> None:
    """Write a commented config draft (from a plan, or a skeleton), copy the roster, check it."""
    language = lang.value
    config = out / "watcher.toml"
    if config.exists() and not force:
        errors.print(t(language, "init.exists", path=str(config)), markup=False)
        raise typer.Exit(1)
    if roster is not None and not roster.is_file():
        errors.print(t(language, "init.no_roster", path=str(roster)), markup=False)
        raise typer.Exit(2)
    read = load_plan_or_exit(plan, language) if plan is not None else None
    out.mkdir(parents=True, exist_ok=True)
    roster_name = _place_roster(roster, out, language)
    result = draft(read, roster_name, language, str(config))
    config.write_text(result.text, encoding="utf-8")
    if not result.drive:
        (out / INBOX).mkdir(exist_ok=True)  # where staff save what arrives by mail or on paper
    console.print(t(language, "init.wrote", path=str(config)), markup=False, highlight=False)
    _check(config, language)
    _print_left(result, config, language, has_periods=bool(read and read.deadlines))


def _place_roster(roster: Path | None, out: Path, language: str) -> str:
    if roster is None:
        sample = out / "schools.csv"
        if not sample.exists():
            sample.write_text(SAMPLE_ROSTER, encoding="utf-8")
            console.print(t(language, "init.roster_sample", path=str(sample)), markup=False)
        return sample.name
    target = out / roster.name
    if roster.resolve() != target.resolve():
        shutil.copy2(roster, target)
    return roster.name


def _check(config: Path, language: str) -> Settings | None:
    """The same check as `watcher check`, its problems and warnings printed."""
    try:
        settings = load(config)
    except ConfigErrors as failure:
        errors.print(t(language, "init.check_failed", count=len(failure.problems)), markup=False)
        for problem in failure.problems:
            errors.print(f"  {problem}", markup=False, highlight=False)
        return None
    console.print(t(language, "init.check_ok"), markup=False)
    for warning in settings.warnings:
        errors.print(f"  {t(language, 'roster.warning')}: {warning}", markup=False, highlight=False)
    return settings


def _print_left(result: Draft, config: Path, language: str, has_periods: bool) -> None:
    """The few things only the admin can do: read the dates, the key, the addresses, SMTP."""
    left = []
    if has_periods:
        left.append(t(language, "init.left_read", path=str(config)))
    else:
        left.append(t(language, "init.left_periods"))
    if result.drive:
        left.append(t(language, "init.left_key", path=str(config.parent / KEY_FILE), config=config))
    else:
        left.append(t(language, "init.left_folder", path=str(config.parent / INBOX)))
    if not result.staff_guessed:
        left.append(t(language, "init.left_staff"))
    left.append(t(language, "init.left_smtp"))
    console.print(t(language, "init.left"), markup=False)
    for number, item in enumerate(left, 1):
        console.print(f"  {number}. {item}", markup=False, highlight=False)
