"""Who may call the service and where it may listen: a bearer token, required to listen beyond loopback."""

from __future__ import annotations

import hmac
import ipaddress

from carrousel.errors import CarrouselError
from carrousel.service.config import TOKEN_VARIABLE
from carrousel.service.errors import ServiceError

OPEN_PATHS = ("/healthz", "/readyz", "/metrics")  # probes and scrapers carry no token; they learn no post


def is_loopback(host: str) -> bool:
    """Whether a host to listen on is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def check_bind(host: str, token: str | None, insecure: bool) -> None:
    """Refuse to listen beyond loopback without a token, unless told to (--insecure-bind)."""
    if token or insecure or is_loopback(host):
        return
    raise CarrouselError(f"refusing to listen on {host} without a token: anyone who reaches it could render",
                         hint=f"set {TOKEN_VARIABLE} (clients send 'Authorization: Bearer <token>'), or pass "
                              "--insecure-bind if something in front of it checks who calls")


def check_token(path: str, authorization: str | None, token: str | None) -> None:
    """Raise a 401 ServiceError unless no token is set, the path is open, or the request carries the token."""
    if token is None or path in OPEN_PATHS:
        return
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return
    raise ServiceError(401, "unauthorized", "this service needs a bearer token" if not authorization else
                       "the bearer token is wrong", hint="send 'Authorization: Bearer <token>' (the token the "
                                                         f"service was started with, in {TOKEN_VARIABLE})",
                       headers={"WWW-Authenticate": "Bearer"})
