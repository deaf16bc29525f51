"""Service-account keys and the OAuth JWT-bearer exchange, checked like Google checks them."""

from __future__ import annotations

import base64
import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
READONLY_SCOPE = "https://www.googleapis.com/auth/drive.readonly"
# google-auth signs every service-account grant for Google's own token endpoint, wherever the
# key's token_uri sends it, and Google checks exactly that audience: so does the stand-in.
GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"


@dataclass(frozen=True)
class Grant:
    client_email: str
    subject: str | None
    scopes: tuple[str, ...]


class GrantRefused(Exception):
    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


def new_key(path: Path, token_uri: str, client_email: str) -> rsa.RSAPublicKey:
    """Write a real service-account JSON key with a fresh RSA key; return its public half."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    key = {
        "type": "service_account",
        "project_id": "phong-gddt-test",
        "private_key_id": secrets.token_hex(20),
        "private_key": pem,
        "client_email": client_email,
        "client_id": "1" + "0" * 20,
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "universe_domain": "googleapis.com",
    }
    path.write_text(json.dumps(key, indent=2), encoding="utf-8")
    return private.public_key()


def check_assertion(
    form: dict[str, str], token_uri: str, keys: dict[str, rsa.RSAPublicKey]
) -> Grant:
    """Verify a JWT-bearer grant: type, signature, issuer, audience, expiry and scope."""
    if form.get("grant_type") != JWT_BEARER:
        raise GrantRefused("unsupported_grant_type", "Invalid grant_type.")
    try:
        header_b64, claims_b64, signature_b64 = form["assertion"].split(".")
        header = json.loads(_unb64(header_b64))
        claims: dict[str, Any] = json.loads(_unb64(claims_b64))
    except (KeyError, ValueError) as error:
        raise GrantRefused("invalid_request", f"Malformed assertion: {error}") from error
    if header.get("alg") != "RS256":
        raise GrantRefused("invalid_grant", "Unsupported signing algorithm.")
    public_key = keys.get(claims.get("iss", ""))
    if public_key is None:
        raise GrantRefused("invalid_grant", "Invalid JWT: unknown service account.")
    try:
        public_key.verify(
            _unb64(signature_b64),
            f"{header_b64}.{claims_b64}".encode(),
            padding.PKCS1v15(),
            hashes.SHA256(),
        )
    except InvalidSignature as error:
        raise GrantRefused("invalid_grant", "Invalid JWT Signature.") from error
    _check_claims(claims, token_uri)
    return Grant(claims["iss"], claims.get("sub"), tuple(claims["scope"].split()))


def _check_claims(claims: dict[str, Any], token_uri: str) -> None:
    now = time.time()
    if claims.get("aud") not in (GOOGLE_TOKEN_AUDIENCE, token_uri):
        raise GrantRefused("invalid_grant", "Invalid JWT: aud is not the token endpoint.")
    if not claims.get("iat", now + 999) <= now + 60 < claims.get("exp", 0) + 60:
        raise GrantRefused("invalid_grant", "Invalid JWT: Token must be a short-lived token.")
    if READONLY_SCOPE not in str(claims.get("scope", "")).split():
        raise GrantRefused("invalid_scope", "The drive.readonly scope was not requested.")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
