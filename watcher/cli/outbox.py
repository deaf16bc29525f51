"""`watcher outbox` shows the e-mail queue; `watcher outbox retry [KEY|--failed]` requeues."""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import datetime
from typing import Annotated, Any

import typer

from watcher.cli import (
    ConfigOption,
    Format,
    console,
    errors,
    open_store,
    parse_now,
    settings_or_exit,
)
from watcher.config import Settings
from watcher.i18n import t
from watcher.notify.alerts import mail_trouble, when
from watcher.store import parse_time

outbox_app = typer.Typer(
    help="The e-mail queue: what waits, what was deferred, failed or superseded, and why.",
)
WAITING = ("pending", "deferred", "failed", "superseded")


def register(app: typer.Typer) -> None:
    app.add_typer(outbox_app, name="outbox")


def shown_state(mail: sqlite3.Row) -> str:
    """pending | deferred (tried, to retry) | failed | superseded | sent | cancelled."""
    state = str(mail["state"])
    if state == "queued":
        return "deferred" if mail["attempts"] and mail["last_error"] else "pending"
    if state == "sent" and json.loads(mail["refused"] or "{}"):
        return "failed"  # some addresses have it, the others were given up on
    return state


def entry(mail: sqlite3.Row) -> dict[str, Any]:
    state = shown_state(mail)
    return {
        "key": mail["key"],
        "kind": mail["kind"],
        "campaign": mail["campaign"],
        "state": state,
        "subject": mail["subject"],
        "recipients": json.loads(mail["recipients"]),
        "delivered": json.loads(mail["delivered"] or "[]"),
        "refused": json.loads(mail["refused"] or "{}"),
        "attempts": int(mail["attempts"]),
        "next_try": mail["not_before"] if mail["state"] == "queued" else None,
        "reason": mail["last_error"] or "",
        "created_at": mail["created_at"],
        "sent_at": mail["sent_at"],
    }


@outbox_app.callback(invoke_without_command=True)
def outbox(
    context: typer.Context,
    config: ConfigOption = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Also list sent and cancelled e-mail.")
    ] = False,
    format: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.table,
) -> None:
    """Show queued, deferred, failed and superseded e-mail, with the reasons."""
    if context.invoked_subcommand is not None:
        return
    settings = settings_or_exit(config)
    store = open_store(settings)
    try:
        entries = [entry(m) for m in store.mail()]
        trouble = mail_trouble(store)
    finally:
        store.close()
    shown = [e for e in entries if everything or e["state"] in WAITING]
    if format is Format.json:
        document = {"mail": shown, "counts": _counts(entries), "server_refusing": trouble}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    _table(settings, shown, entries, trouble)


def _counts(entries: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(("pending", "deferred", "failed", "superseded", "sent", "cancelled"), 0)
    for item in entries:
        counts[item["state"]] = counts.get(item["state"], 0) + 1
    return counts


def _table(
    settings: Settings,
    shown: list[dict[str, Any]],
    entries: list[dict[str, Any]],
    trouble: dict[str, Any] | None,
) -> None:
    language = settings.language
    say = lambda text: console.print(text, markup=False, highlight=False, soft_wrap=True)  # noqa: E731
    if trouble:
        since = when(settings, parse_time(trouble.get("since")))
        say(t(language, "outbox.server_refusing", since=since, answer=trouble.get("answer", "")))
    counts = _counts(entries)
    say(
        t(
            language,
            "outbox.counts",
            queued=counts["pending"],
            **{k: v for k, v in counts.items() if k != "pending"},
        )
    )
    if not shown:
        say(t(language, "outbox.empty"))
        return
    from rich.table import Table

    table = Table(*t(language, "outbox.header").split("|"), show_lines=False)
    for item in shown:
        next_try = when(settings, parse_time(item["next_try"])) if item["next_try"] else ""
        waiting = [a for a in item["recipients"] if a not in item["delivered"]]
        table.add_row(
            t(language, f"outbox.state.{item['state']}"),
            item["key"],
            ", ".join(waiting or item["recipients"]),
            str(item["attempts"]),
            next_try,
            item["reason"],
        )
    console.print(table)


@outbox_app.command()
def retry(
    key: Annotated[
        str | None, typer.Argument(help="The key of one e-mail (see `watcher outbox`).")
    ] = None,
    failed: Annotated[bool, typer.Option("--failed", help="Every failed e-mail.")] = False,
    config: ConfigOption = None,
    now: Annotated[str | None, typer.Option("--now", hidden=True)] = None,
) -> None:
    """Queue e-mail again, now: one by KEY, or every failed one with --failed. Addresses that
    already have it are not sent it again."""
    settings = settings_or_exit(config)
    language = settings.language
    if (key is None) == (not failed):
        errors.print(t(language, "outbox.retry_usage"), markup=False)
        raise typer.Exit(2)
    moment: datetime = parse_now(now, settings)
    store = open_store(settings)
    try:
        with store.transaction():
            if key is not None:
                mail = store.mail_by_key(key)
                if mail is None:
                    errors.print(t(language, "outbox.no_such_key", mail_key=key), markup=False)
                    raise typer.Exit(1)
                chosen = [mail]
                state = shown_state(mail)
                if state not in WAITING:
                    label = t(language, f"outbox.state.{state}")
                    errors.print(
                        t(language, "outbox.not_retryable", mail_key=key, state=label), markup=False
                    )
                    raise typer.Exit(1)
            else:
                chosen = [m for m in store.mail() if shown_state(m) == "failed"]
            count = sum(store.requeue(m["id"], moment) for m in chosen)
    finally:
        store.close()
    console.print(t(language, "outbox.requeued", count=count), markup=False, highlight=False)
