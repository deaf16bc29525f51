"""`watcher report`: the department's own summary report, from stored state."""

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    # Imported here: watcher.cli imports this module while it is still loading. (No
    # `from __future__ import annotations` in this module: typer must see the real types.)
    import structlog

    from watcher.cli import ConfigOption, NowOption, console, errors, open_store, parse_now
    from watcher.cli import settings_or_exit as load_settings
    from watcher.i18n import t

    log = structlog.get_logger("watcher.report")

    @app.command()
    def report(
        campaign: Annotated[str, typer.Option("--campaign", help="The campaign id.")],
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                "-o",
                help="File to write; its ending picks the format: .docx, .xlsx, .csv.",
            ),
        ],
        period: Annotated[
            str | None, typer.Option("--period", help="Only this period id (default: all).")
        ] = None,
        number: Annotated[
            str | None,
            typer.Option(
                "--number",
                help='Document number, e.g. "15/BC-GDĐT" (default: report.number in the config).',
            ),
        ] = None,
        config: ConfigOption = None,
        now: NowOption = None,
    ) -> None:
        """Write the summary report of one campaign (.docx official layout, .xlsx or .csv)."""
        from watcher.report import ReportError, write_report

        settings = load_settings(config)
        moment = parse_now(now, settings)
        store = open_store(settings)
        try:
            written = write_report(settings, store, campaign, period, out, moment, number=number)
        except ReportError as error:
            reason = error.text(settings.language)
            line = t(settings.language, "cli.report_failed", reason=reason)
            errors.print(line, markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except OSError as error:
            log.warning("report.write_failed", path=str(out), error=str(error))
            line = t(settings.language, "cli.cannot_write", path=out)
            errors.print(line, markup=False, soft_wrap=True)
            raise typer.Exit(1) from None
        finally:
            store.close()
        console.print(
            t(settings.language, "cli.wrote", path=written), markup=False, highlight=False
        )
