"""Commands about e-mail: `watcher digest --preview FILE | --send`, `watcher notify-test --to`."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from watcher.config import Campaign, Settings, is_email
from watcher.i18n import t
from watcher.store import Store


def register(app: typer.Typer) -> None:
    from watcher.cli import ConfigOption, NowOption

    @app.command()
    def digest(
        config: ConfigOption = None,
        preview: Annotated[
            Path | None,
            typer.Option("--preview", help="Write the digest as HTML to this file; send nothing."),
        ] = None,
        send: Annotated[
            bool, typer.Option("--send", help="Queue the digest now and send it to staff.")
        ] = False,
        campaign: Annotated[
            str | None, typer.Option("--campaign", help="Only this campaign id.")
        ] = None,
        now: NowOption = None,
    ) -> None:
        """The staff digest from stored state (run `watcher poll` first for fresh statuses)."""
        from watcher.cli import parse_now, settings_or_exit

        settings = settings_or_exit(config)
        if (preview is None) == (not send):
            _fail(t(settings.language, "cli.digest_one_of"))
        moment = parse_now(now, settings)
        campaigns = _campaigns(settings, campaign)
        if preview is not None:
            _preview(settings, campaigns, preview, moment)
        else:
            _send_digest(settings, campaigns, moment)

    @app.command("notify-test")
    def notify_test(
        to: Annotated[str, typer.Option("--to", help="Address that gets the test e-mail.")],
        config: ConfigOption = None,
    ) -> None:
        """Send one test e-mail through the configured transport, now, and say how it went."""
        from watcher.cli import settings_or_exit

        settings = settings_or_exit(config)
        if not is_email(to):
            _fail(t(settings.language, "cli.not_address", value=repr(to)))
        _send_test(settings, to, datetime.now(settings.timezone))


def _fail(message: str, code: int = 2) -> None:
    from watcher.cli import errors

    errors.print(message, markup=False, highlight=False)
    raise typer.Exit(code)


def _campaigns(settings: Settings, only: str | None) -> list[Campaign]:
    from watcher.cli import unknown_campaign

    chosen = [c for c in settings.campaigns if only in (None, c.id)]
    if not chosen:
        _fail(unknown_campaign(settings, only or ""))
    return chosen


def _preview(settings: Settings, campaigns: list[Campaign], target: Path, now: datetime) -> None:
    from watcher.cli import console
    from watcher.notify.queue import build_digest
    from watcher.pipeline import current_rows

    store = Store.open(settings.state_dir)
    try:
        for campaign in campaigns:
            rows, items = current_rows(settings, store, campaign, now)
            result = build_digest(settings, store, campaign, rows, items, now)
            path = target if len(campaigns) == 1 else _suffixed(target, campaign.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(result.html, encoding="utf-8")
            console.print(f"{campaign.id}: {result.subject}\n  -> {path}", markup=False)
    finally:
        store.close()


def _suffixed(path: Path, campaign_id: str) -> Path:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in campaign_id)
    return path.with_name(f"{path.stem}-{safe}{path.suffix or '.html'}")


def _send_digest(settings: Settings, campaigns: list[Campaign], now: datetime) -> None:
    from watcher.cli import console
    from watcher.notify.deliver import deliver, make_transport
    from watcher.notify.queue import queue_digest
    from watcher.pipeline import current_rows

    store = Store.open(settings.state_dir)
    try:
        queued = 0
        for campaign in campaigns:
            rows, items = current_rows(settings, store, campaign, now)
            slot = f"manual-{now.astimezone(campaign.timezone):%Y-%m-%dT%H:%M}"
            with store.transaction():
                queued += queue_digest(settings, store, campaign, rows, items, now, force_slot=slot)
        report = deliver(settings, store, make_transport(settings), now)
    finally:
        store.close()
    line = t(settings.language, "cli.digest_sent", queued=queued, sent=report.sent,
             retrying=report.retrying, failed=report.failed)  # fmt: skip
    console.print(line, markup=False)
    if report.retrying or report.failed:
        raise typer.Exit(1)


def _send_test(settings: Settings, address: str, now: datetime) -> None:
    from watcher.cli import console
    from watcher.notify.compose import build
    from watcher.notify.deliver import make_transport
    from watcher.notify.transports import TransportError

    email = settings.raw.email
    where = (
        f"outbox {settings.outbox_dir}"
        if email.transport == "outbox"
        else f"smtp {email.smtp_host} ({email.smtp_security})"
    )
    text = (
        "Đây là thư thử nghiệm từ hệ thống theo dõi báo cáo (watcher).\n"
        "This is a test e-mail from the report watcher.\n\n"
        f"Transport: {where}\nTime: {now:%Y-%m-%d %H:%M %Z}\n"
    )
    message, identifier = build(
        key=f"test:{address}:{now.isoformat()}",
        sender=email.sender,
        recipients=(address,),
        subject="Thư thử nghiệm / Test e-mail — watcher",
        text=text,
        html=None,
        now=now,
    )
    try:
        refused = make_transport(settings).send(message, email.sender, (address,), identifier)
    except (TransportError, OSError) as error:
        # the transport's own words (an SMTP reply) help whoever fixes the server: they are
        # quoted, after a sentence in the admin's language
        _fail(t(settings.language, "cli.test_failed", where=where, reason=error), code=1)
    if refused:  # the server took the session but not this address
        answer = "; ".join(f"{a}: {r}" for a, r in refused.items())
        _fail(t(settings.language, "cli.test_failed", where=where, reason=answer), code=1)
    line = t(settings.language, "cli.test_sent", address=address, where=where,
             identifier=identifier)  # fmt: skip
    console.print(line, markup=False)
