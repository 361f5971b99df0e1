"""The client's address: one rule for login throttling (django-axes), the public rate limiter
and visit counting.

Behind reverse proxies the connection comes from the nearest proxy; each proxy appends the
address it received the request from to X-Forwarded-For. With ``KEHOACH_TRUSTED_PROXIES = n``
(production: 1, nginx — docs/operators.md) the client is the n-th hop from the right: what the
outermost trusted proxy saw. Hops further left are whatever the client wrote and are ignored,
so a client cannot choose its address. With 0 (the default, no proxy) the header is ignored
and the connection's address is the client's. A hop that is not an IP address falls back to
the connection's address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def trusted_proxies() -> int:
    return int(getattr(settings, "KEHOACH_TRUSTED_PROXIES", 0) or 0)


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    proxies = trusted_proxies()
    if proxies:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        hops = [hop.strip() for hop in header.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                return remote
    return remote
