"""Safe by default: writes need a CSRF token tied to the browser's cookie, and, where the app has
one, the access token; article URLs become links only when they are http(s)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

COOKIE = "augury_session"


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_session() -> str:
    """A fresh random session value for the CSRF cookie."""
    return secrets.token_urlsafe(32)


def csrf_token(secret: bytes, session: str) -> str:
    """The form token for one browser session: an HMAC of its cookie under the app's secret, so
    a page of another site can neither read nor forge it."""
    return hmac.new(secret, session.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_ok(secret: bytes, session: str | None, token: str | None) -> bool:
    """Whether a submitted form token belongs to the session of the cookie sent with it."""
    if not session or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, session), token)


def token_ok(expected: str | None, given: str | None) -> bool:
    """Whether a write may proceed: always when the app has no token, else only with it."""
    if expected is None:
        return True
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())


def http_url(url: str | None) -> str | None:
    """`url` if it is an http or https address with a host, else None (shown as text only)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None
