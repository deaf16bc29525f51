"""`watcher plan read PLAN`: what a department's plan asks, how and by when."""

from __future__ import annotations

import json
import sys
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from watcher.cli.common import ConfigOption, console, errors
from watcher.config import config_path
from watcher.i18n import t
from watcher.plan import Plan, PlanFileError, read_plan

plan_app = typer.Typer(no_args_is_help=True, help="Read a department's plan (.docx, .pdf, .txt).")


class PlanFormat(StrEnum):
    table = "table"
    json = "json"


class Language(StrEnum):
    vi = "vi"
    en = "en"


LanguageOption = Annotated[
    Language | None,
    typer.Option("--lang", help="vi or en (default: the config's `language`, else vi)."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")


def language_of(option: Language | None, config: str | None) -> str:
    """The language people read: --lang, else the config's `language` (if it reads), else vi."""
    if option is not None:
        return option.value
    try:
        data = tomllib.loads(config_path(config).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return "vi"
    language = data.get("language")
    return language if language in ("vi", "en") else "vi"


def load_plan_or_exit(path: Path, language: str) -> Plan:
    try:
        return read_plan(path)
    except PlanFileError as error:
        errors.print(t(language, error.code, path=str(path)), markup=False, highlight=False)
        raise typer.Exit(2) from None


@plan_app.command("read")
def read(
    path: Annotated[Path, typer.Argument(help="The plan: .docx, .pdf or .txt.")],
    format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="table or json.")
    ] = PlanFormat.table,
    lang: LanguageOption = None,
    config: ConfigOption = None,
) -> None:
    """Print the plan's issuer, date, deadlines (each with its sentence), files and channels."""
    language = language_of(lang, config)
    plan = load_plan_or_exit(path, language)
    if format is PlanFormat.json:
        sys.stdout.write(json.dumps(plan.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_plan(plan, language)
    if not plan.deadlines:
        errors.print(t(language, "plan.no_deadline"), markup=False, highlight=False)


def print_plan(plan: Plan, language: str) -> None:
    unknown = t(language, "plan.unknown")
    roles = ", ".join(t(language, f"plan.role.{r}") for r in plan.require) or unknown
    lines = [
        (t(language, "plan.issuer"), plan.issuer or unknown),
        (t(language, "plan.issued"), plan.issued or unknown),
        (t(language, "plan.title"), plan.title or unknown),
        (t(language, "plan.require"), roles),
        (t(language, "plan.channels"), channel_words(plan, language) or unknown),
    ]
    for name, value in lines:
        console.print(f"[bold]{escape(name)}:[/] {escape(value)}", highlight=False)
    if not plan.deadlines:
        return
    table = Table(show_lines=True)
    for key in ("plan.col.last_moment", "plan.col.label", "plan.col.quote"):
        table.add_column(t(language, key), overflow="fold")
    for deadline in plan.deadlines:
        table.add_row(moment_words(deadline, language), deadline.label, deadline.quote)
    console.print(table)


def moment_words(deadline: object, language: str) -> str:
    moment = getattr(deadline, "last_moment", None)
    text = f"{moment:%d/%m/%Y %H:%M:%S}" if moment else "?"
    recurring = getattr(deadline, "recurring", None)
    return t(language, f"plan.{recurring}", first=text) if recurring else text


def channel_words(plan: Plan, language: str) -> str:
    return "; ".join(
        t(language, f"plan.channel.{c['type']}", url=c.get("url", ""), address=c.get("address", ""))
        for c in plan.channels
    )
