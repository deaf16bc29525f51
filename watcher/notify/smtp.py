"""SMTP transport: STARTTLS, implicit TLS or plain; AUTH when a username is set."""

from __future__ import annotations

import smtplib
import ssl

from watcher.notify.transports import TransportError

_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class SmtpTransport:
    def __init__(
        self,
        *,
        host: str,
        port: int | None,
        security: str,
        username: str | None,
        password: str | None,
        timeout: float = 30,
        ca_file: str | None = None,
    ) -> None:
        self.host = host
        self.port = port or _DEFAULT_PORTS[security]
        self.security = security
        self.username = username
        self.password = password
        self.timeout = timeout
        self.context = ssl.create_default_context(cafile=ca_file)

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=self.context
            )
        client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            client.starttls(context=self.context)
        return client

    def send(
        self, message: bytes, sender: str, recipients: tuple[str, ...], message_id: str
    ) -> None:
        from email.utils import parseaddr

        try:
            with self._connect() as client:
                if self.username:
                    client.login(self.username, self.password or "")
                refused = client.sendmail(parseaddr(sender)[1], list(recipients), message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise TransportError(
                f"every recipient was refused: {_refusals(error.recipients)}",
                permanent=all(500 <= code < 600 for code in codes),
            ) from error
        except smtplib.SMTPAuthenticationError as error:
            raise TransportError(
                f"the SMTP server refused the login: {error.smtp_error!r}", permanent=False
            ) from error
        except smtplib.SMTPResponseException as error:
            permanent = 500 <= error.smtp_code < 600
            raise TransportError(
                f"SMTP {error.smtp_code}: {error.smtp_error!r}", permanent=permanent
            ) from error
        except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as error:
            raise TransportError(
                f"cannot reach the SMTP server {self.host}:{self.port}: {error}"
            ) from error
        if refused:
            # The others got it: sending again would duplicate, so this is final, and listed.
            raise TransportError(
                f"some recipients were refused: {_refusals(refused)}", permanent=True
            )


def _refusals(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{address}: {code} {message.decode('utf-8', 'replace')}"
        for address, (code, message) in refused.items()
    )
