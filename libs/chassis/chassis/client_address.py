"""Who is on the other end of a request: the client's address, for per-client limits. No I/O.

Behind the gateway every request comes from the gateway, which says who its
client was in `X-Forwarded-For` (appended to) and `X-Real-IP`. Those headers
are believed only when the direct peer is a proxy we trust (the setting
`TRUSTED_PROXIES`, addresses or networks); anyone else could write them. Then
`X-Forwarded-For` is read from the right, skipping our own proxies: the first
address that is not one of them is the client (what a client wrote itself is
further left, and never reached). Without that header, `X-Real-IP`. Uvicorn is
given the same list (`chassis.cli`), so its view of `request.client` agrees.

An IPv6 client is counted by its /64 network: one subscriber holds a whole /64,
and would otherwise get a fresh allowance with each of its addresses.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from functools import lru_cache

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "unknown"


@lru_cache(maxsize=64)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    """The networks of the `TRUSTED_PROXIES` setting (an address is a /32 or /128)."""
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def check_proxies(proxies: Iterable[str]) -> tuple[str, ...]:
    """The entries, each an IP address or network; ValueError naming a wrong one."""
    listed = tuple(p.strip() for p in proxies if p.strip())
    for proxy in listed:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError as error:
            raise ValueError(
                f"trusted_proxies: {proxy!r} is not an IP address or network"
            ) from error
    return listed


def _address(text: str) -> Address | None:
    text = text.strip().strip('"')
    if text.startswith("["):  # [v6]:port
        text = text[1 : text.find("]")] if "]" in text else text
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(peer: str | None, headers: Mapping[str, str], proxies: tuple[str, ...]) -> str:
    """The client's address as counted by per-client limits (see the module)."""
    networks = trusted_networks(proxies)
    direct = _address(peer or "")
    if direct is None:
        return UNKNOWN
    client = direct
    if networks and _trusted(direct, networks):
        forwarded = [_address(a) for a in headers.get("x-forwarded-for", "").split(",")]
        hops = [a for a in forwarded if a is not None]
        if hops:
            client = next((a for a in reversed(hops) if not _trusted(a, networks)), hops[0])
        else:
            real = _address(headers.get("x-real-ip", ""))
            client = real or direct
    return counted_as(client)


def counted_as(address: Address) -> str:
    """An IPv4 address as is; an IPv6 one as its /64 (IPv4-mapped ones as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
