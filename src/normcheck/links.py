"""Evidence addresses: only public http(s) links, so a report can never point a reader at a local resource."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def check_public_http(value: str) -> str:
    """Return the address stripped, or raise ValueError saying what is wrong with it."""
    text = value.strip()
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text) or " " in text:
        raise ValueError(f"{value!r} contains spaces or control characters; give a plain web address")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise ValueError(f"{value!r} is not a well-formed web address") from None
    if parts.scheme.lower() not in ("http", "https") or not host:
        raise ValueError(
            f"{value!r} is not an http(s) address; give a web address starting with https://, "
            "or put the citation under 'reference' instead"
        )
    if parts.username or parts.password:
        raise ValueError(f"{value!r} carries a user name or password; remove them from the address")
    if _is_local(host):
        raise ValueError(
            f"{value!r} points to a local or private address; evidence links must be public web addresses "
            "(put an internal document under 'reference' instead)"
        )
    return text


def _is_local(host: str) -> bool:
    name = host.lower().rstrip(".")
    if name in _LOCAL_NAMES or name.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return not address.is_global
