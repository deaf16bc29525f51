"""The `watcher` command: thin commands around the pipeline; output formatting lives here.

Each module of this package (but `common`) adds its commands with `register(app)`.
"""

from __future__ import annotations

import importlib
import pkgutil

from watcher.cli.common import (
    ConfigOption,
    Format,
    NowOption,
    app,
    console,
    errors,
    open_store,
    parse_now,
    settings_or_exit,
    unknown_campaign,
)

__all__ = [
    "ConfigOption",
    "Format",
    "NowOption",
    "app",
    "console",
    "errors",
    "main",
    "open_store",
    "parse_now",
    "settings_or_exit",
    "unknown_campaign",
]


def _register_command_modules() -> None:
    from watcher.cli import core

    core.register(app)  # first: `version`, `check`, `poll`, `status` lead the help
    for module in pkgutil.iter_modules(__path__):
        if module.name not in {"common", "core"}:
            importlib.import_module(f"{__name__}.{module.name}").register(app)


_register_command_modules()


def main() -> None:
    try:
        app()
    except Exception:  # noqa: BLE001 - the last line of defence: log it, say it briefly
        import structlog

        from watcher import logs
        from watcher.i18n import t

        if not structlog.is_configured():
            logs.configure_logging()
        structlog.get_logger("watcher.cli").exception("command.crashed")
        errors.print(t(_language(), "crash.command"), markup=False, highlight=False)
        raise SystemExit(70) from None  # EX_SOFTWARE


def _language() -> str:
    """The configured language, if the config can still be read; else Vietnamese."""
    try:
        from watcher.config import config_path, load

        return load(config_path(None)).language
    except Exception:  # noqa: BLE001 - a broken config is why we may be here
        return "vi"


if __name__ == "__main__":
    main()
