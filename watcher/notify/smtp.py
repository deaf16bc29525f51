"""SMTP transport: STARTTLS, implicit TLS or plain; AUTH when a username is set.

Answers are classified the way SMTP means them (RFC 5321): anything before the recipients
(connection, greeting, EHLO, STARTTLS, AUTH, MAIL FROM, a 421 anywhere) refuses the session,
which is the server's or the set-up's problem and never this message's; a RCPT answer is
about that one recipient (4xx: try again later, 5xx: give up on that address); a DATA answer
is about the message. The password is read when a session opens, so a changed password file
is used by the next attempt without a restart.
"""

from __future__ import annotations

import base64
import contextlib
import smtplib
import socket
import ssl
import threading
from collections.abc import Callable
from email.utils import parseaddr

from watcher.notify.transports import Refusal, Refusals, TransportError

_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class SmtpTransport:
    def __init__(
        self,
        *,
        host: str,
        port: int | None,
        security: str,
        username: str | None,
        password: str | None = None,
        timeout: float = 30,
        ca_file: str | None = None,
        password_reader: Callable[[], str | None] | None = None,
    ) -> None:
        self.host = host
        self.port = port or _DEFAULT_PORTS[security]
        self.security = security
        self.username = username
        self.password = password
        self.password_reader = password_reader
        self.timeout = timeout
        self.context = ssl.create_default_context(cafile=ca_file)
        self._client: smtplib.SMTP | None = None
        self._aborted = threading.Event()

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"

    def send(
        self, message: bytes, sender: str, recipients: tuple[str, ...], message_id: str
    ) -> Refusals:
        client = self._session()
        try:
            try:
                refused = client.sendmail(parseaddr(sender)[1], list(recipients), message)
            except smtplib.SMTPRecipientsRefused as error:
                refused = error.recipients
            except smtplib.SMTPSenderRefused as error:
                raise self._refused("MAIL FROM", error.smtp_code, error.smtp_error) from error
            except smtplib.SMTPDataError as error:
                if error.smtp_code == 421:
                    raise self._refused("DATA", error.smtp_code, error.smtp_error) from error
                answer = str(Refusal(error.smtp_code, _text(error.smtp_error)))
                raise TransportError(
                    f"the SMTP server refused the message: {answer}",
                    permanent=500 <= error.smtp_code < 600,
                    answer=answer,
                ) from error
            except smtplib.SMTPResponseException as error:
                raise self._refused("SMTP", error.smtp_code, error.smtp_error) from error
            except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as error:
                raise self._lost(error) from error
        finally:
            self._close(client)
        refusals = {
            address: Refusal(code, _text(text)) for address, (code, text) in refused.items()
        }
        closing = [r for r in refusals.values() if r.code == 421]
        if closing:  # "service not available, closing": about the server, not the address
            raise self._refused("RCPT TO", closing[0].code, closing[0].text.encode())
        return refusals

    def abort(self) -> None:
        """Cut the connection in use (from another thread): a silent server cannot hold up a
        shutdown for the whole timeout."""
        self._aborted.set()
        client = self._client
        sock = getattr(client, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    # --- the session ---

    def _session(self) -> smtplib.SMTP:
        if self._aborted.is_set():
            raise TransportError("delivery is stopping", session=True)
        client: smtplib.SMTP
        if self.security == "ssl":
            client = smtplib.SMTP_SSL(timeout=self.timeout, context=self.context)
        else:
            client = smtplib.SMTP(timeout=self.timeout)
        client._host = self.host  # type: ignore[attr-defined]  # the name TLS checks
        self._client = client
        stage = "connect"
        try:
            code, greeting = client.connect(self.host, self.port)
            if code != 220:
                raise self._refused("greeting", code, greeting)
            if self.security == "starttls":
                stage = "STARTTLS"
                client.starttls(context=self.context)
            if self.username:
                stage = "AUTH"
                _login(client, self.username, self._password())
        except TransportError:
            self._close(client)
            raise
        except smtplib.SMTPResponseException as error:
            self._close(client)
            raise self._refused(stage, error.smtp_code, error.smtp_error) from error
        except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as error:
            self._close(client)
            raise self._lost(error, stage) from error
        return client

    def _password(self) -> str:
        if self.password_reader is not None:
            return self.password_reader() or ""
        return self.password or ""

    def _refused(self, stage: str, code: int, text: bytes | str) -> TransportError:
        answer = str(Refusal(code, _text(text)))
        return TransportError(
            f"the SMTP server {self.server} refused the session at {stage}: {answer}",
            session=True,
            answer=f"{stage}: {answer}",
        )

    def _lost(self, error: BaseException, stage: str = "") -> TransportError:
        what = str(error) or type(error).__name__
        where = f" at {stage}" if stage else ""
        return TransportError(
            f"SMTP server {self.server}{where}: {what}",
            session=True,
            answer=f"{stage or 'SMTP'}: {what}",
        )

    def _close(self, client: smtplib.SMTP) -> None:
        """QUIT politely; a server that stalls or drops now has the message already."""
        self._client = None
        try:
            if client.sock is not None:
                client.sock.settimeout(min(self.timeout, 5))
                client.docmd("QUIT")
        except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError):
            pass
        finally:
            client.close()


def _text(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)


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
