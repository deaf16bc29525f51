"""SMTP transport: STARTTLS, implicit TLS or plain; AUTH when a username is set."""

from __future__ import annotations

import base64
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
                    _login(client, self.username, self.password or "")
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
                f"SMTP server {self.host}:{self.port}: {error or type(error).__name__}"
            ) from error
        if refused:
            # The others got it: sending again would duplicate, so this is final, and listed.
            raise TransportError(
                f"some recipients were refused: {_refusals(refused)}", permanent=True
            )


def _login(client: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH PLAIN or LOGIN. smtplib sends credentials as ASCII only; RFC 4954 allows UTF-8,
    so a Vietnamese password is sent here as UTF-8 (smtplib's own login for ASCII ones)."""
    if username.isascii() and password.isascii():
        client.login(username, password)
        return
    client.ehlo_or_helo_if_needed()
    offered = client.esmtp_features.get("auth", "").upper().split()
    user, secret = username.encode(), password.encode()
    if "PLAIN" in offered:
        token = base64.b64encode(b"\0" + user + b"\0" + secret).decode()
        code, reply = client.docmd("AUTH", f"PLAIN {token}")
    elif "LOGIN" in offered:
        code, reply = client.docmd("AUTH", f"LOGIN {base64.b64encode(user).decode()}")
        if code == 334:
            code, reply = client.docmd(base64.b64encode(secret).decode())
    else:
        raise smtplib.SMTPException("the server offers neither AUTH PLAIN nor AUTH LOGIN")
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, reply)


def _refusals(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(
        f"{address}: {code} {message.decode('utf-8', 'replace')}"
        for address, (code, message) in refused.items()
    )
