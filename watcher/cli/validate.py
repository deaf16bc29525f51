"""`watcher validate PATH...`: check files as the daemon would, before they are uploaded."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import structlog
import typer
from rich.markup import escape
from rich.table import Table

from watcher import safe
from watcher.cli.common import SafeConsole
from watcher.model import Role, Verdict, VerdictKind
from watcher.validation import IsolatedChecker, ValidationPolicy

_STYLES = {VerdictKind.OK: "green", VerdictKind.WARNING: "yellow", VerdictKind.PROBLEM: "red"}
_VERDICT_WORDS = {
    "vi": {VerdictKind.OK: "đạt", VerdictKind.WARNING: "lưu ý", VerdictKind.PROBLEM: "lỗi"},
    "en": {VerdictKind.OK: "ok", VerdictKind.WARNING: "warning", VerdictKind.PROBLEM: "problem"},
}


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class Language(StrEnum):
    VI = "vi"
    EN = "en"


def verdict_json(path: str, verdict: Verdict, language: str) -> dict[str, Any]:
    """One entry of the documented JSON output ("other" where the role is extra)."""
    return {
        "path": path,
        "role": "other" if verdict.role is Role.EXTRA else verdict.role.value,
        "verdict": verdict.kind.value,
        "findings": [
            {"code": f.code, "severity": f.severity.value, "message": f.message(language)}
            for f in verdict.findings
        ],
    }


def _table(results: list[tuple[str, Verdict]], language: str) -> Table:
    vi = language == "vi"
    table = Table(show_lines=True)
    for header in (
        ("Tệp", "Loại", "Kết quả", "Chi tiết") if vi else ("File", "Kind", "Verdict", "Details")
    ):
        table.add_column(header, overflow="fold")
    for path, verdict in results:
        kind = verdict.kind
        word = _VERDICT_WORDS[language][kind]
        details = "\n".join(escape(f"[{f.code}] {f.message(language)}") for f in verdict.findings)
        table.add_row(
            escape(safe.terminal(path)),
            verdict.detected,
            f"[{_STYLES[kind]}]{word}[/]",
            details or "-",
        )
    return table


_SYSTEM_FILES = frozenset({"desktop.ini", "thumbs.db"})  # Windows writes these into folders


def _listed(folder: Path) -> list[Path]:
    """Every file under a folder, in name order; hidden and system files left out."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.name.casefold() not in _SYSTEM_FILES
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def expand(paths: list[Path]) -> list[Path]:
    """The files to check: each path as given, a folder as every file under it."""
    return [file for path in paths for file in (_listed(path) if path.is_dir() else [path])]


def _quiet_logs() -> None:
    """Keep stdout for the result: log events (timeouts, crashes) go to stderr."""
    if not structlog.is_configured():  # the daemon's own configuration wins
        structlog.configure(logger_factory=lambda *args: structlog.PrintLogger(sys.stderr))


def configured_policy(config: str | None) -> ValidationPolicy:
    """The [validation] settings of the config when there is one, else the defaults."""
    from watcher.cli import settings_or_exit
    from watcher.config import config_path

    if config is None and not config_path(None).exists():
        return ValidationPolicy()
    return settings_or_exit(config).validation_policy


def register(
    app: typer.Typer, policy: Callable[[str | None], ValidationPolicy] = configured_policy
) -> None:
    """Add `validate` to the app; `policy` gives the configured [validation] settings."""

    @app.command("validate")
    def validate(
        paths: Annotated[
            list[Path], typer.Argument(exists=True, help="Files (or folders of files) to check.")
        ],
        output: Annotated[
            OutputFormat, typer.Option("--format", help="table or json.")
        ] = OutputFormat.TABLE,
        language: Annotated[
            Language, typer.Option("--language", help="Message language: vi or en.")
        ] = Language.VI,
        config: Annotated[
            str | None,
            typer.Option("--config", "-c", help="Use the validation settings of this config file."),
        ] = None,
    ) -> None:
        """Check files the way the watcher will (Word file, scan, or other) and say why not."""
        _quiet_logs()
        settings = policy(config)
        with IsolatedChecker(settings.memory_limit_mb) as checker:
            results = [
                (str(path), checker.check(path, name=path.name, policy=settings))
                for path in expand(paths)
            ]
        if output is OutputFormat.JSON:
            entries = [verdict_json(path, verdict, language.value) for path, verdict in results]
            typer.echo(safe.dumps(entries, indent=2))
        else:
            SafeConsole().print(_table(results, language.value))
        if any(verdict.kind is VerdictKind.PROBLEM for _, verdict in results):
            raise typer.Exit(1)
