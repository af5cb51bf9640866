"""Which addresses a fetch may reach: the defence against server-side request forgery.

A feed can redirect Horizon anywhere, and a host name can resolve anywhere, so the check is made
on addresses, after DNS, at every hop: in a request hook (every request httpx sends, redirects
included, also through a proxy) and again when the socket is opened, against the address
actually connected to, so a name that resolves to a public address for the check and to an
internal one a moment later (DNS rebinding) is still refused.

The rule (:func:`hop_refusal`) is a pure function of two address classes:

- link-local and cloud-metadata addresses are never fetched;
- the configured url may be on any other address: an agency's intranet feed, the demo's
  loopback server;
- once a chain of redirects has touched a public address, it may not continue to a private or
  loopback one, and a private one may not lead to loopback (this machine itself).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any

import httpcore
import httpx

Resolver = Callable[[str, int], list[str]]
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)
METADATA_NAMES = frozenset({"metadata.google.internal", "metadata.goog", "metadata"})


class AddressClass(IntEnum):
    """Ordered by exposure: a chain of redirects is as exposed as its most exposed hop."""

    LOOPBACK = 0
    PRIVATE = 1
    PUBLIC = 2
    LINK_LOCAL = 3
    METADATA = 4


DESCRIPTIONS = {
    AddressClass.LOOPBACK: "a loopback address (this machine)",
    AddressClass.PRIVATE: "a private address",
    AddressClass.PUBLIC: "a public address",
    AddressClass.LINK_LOCAL: "a link-local address",
    AddressClass.METADATA: "a cloud metadata address",
}


class AddressRefused(Exception):
    """A hop the policy refuses; ``reason`` says which address and why, for ``fetch_log``."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason


def classify(address: str) -> AddressClass:
    """The class of one IP address (an IPv4-mapped IPv6 address counts as its IPv4 one)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return AddressClass.METADATA
    if ip.is_link_local:
        return AddressClass.LINK_LOCAL
    if ip.is_loopback or ip.is_unspecified:
        return AddressClass.LOOPBACK
    if ip.is_global and not ip.is_multicast:
        return AddressClass.PUBLIC
    return AddressClass.PRIVATE


def hop_refusal(origin: AddressClass | None, target: AddressClass) -> str | None:
    """Why a hop to ``target`` is refused after a chain as exposed as ``origin`` (``None``: the
    configured url itself), or ``None`` when it is allowed."""
    if target in (AddressClass.METADATA, AddressClass.LINK_LOCAL):
        return f"{DESCRIPTIONS[target]}, which Horizon never fetches"
    if origin is None or target >= origin:
        return None
    return (
        f"{DESCRIPTIONS[target]}, reached by a redirect from {DESCRIPTIONS[origin]}; "
        "only a source configured on such an address may use it"
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the system resolver, as the connection will use)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class AddressGuard:
    """The policy's state for one chain of requests: how exposed the chain has been so far.

    Call :meth:`start` before each new chain (a configured url and its redirects); hand
    :meth:`on_request` to httpx as a request hook and :meth:`backend` to the connection pool.
    """

    def __init__(self, resolver: Resolver = resolve) -> None:
        self.resolver = resolver
        self.origin: AddressClass | None = None

    def start(self) -> None:
        self.origin = None

    def on_request(self, request: httpx.Request) -> None:
        """Check one hop before it is sent; raises :class:`AddressRefused`."""
        url = request.url
        host = url.host
        if host.lower().rstrip(".") in METADATA_NAMES:
            raise AddressRefused(str(url), f"{host} is {DESCRIPTIONS[AddressClass.METADATA]}")
        try:
            addresses = self.resolver(host, url.port or (443 if url.scheme == "https" else 80))
        except OSError:
            return  # the connection fails with the resolver's own message, which says more
        classes = [(address, classify(address)) for address in addresses]
        for address, cls in classes:
            reason = hop_refusal(self.origin, cls)
            if reason is not None:
                raise AddressRefused(str(url), f"{host} resolves to {address}, {reason}")
        exposure = [cls for _, cls in classes] + ([self.origin] if self.origin is not None else [])
        self.origin = max(exposure, default=self.origin)

    def allowed(self, host: str, port: int) -> list[str]:
        """The addresses of ``host`` this chain may connect to now, at the socket."""
        addresses = self.resolver(host, port)
        allowed = [a for a in addresses if hop_refusal(self.origin, classify(a)) is None]
        if not allowed:
            first = addresses[0] if addresses else host
            reason = hop_refusal(self.origin, classify(first)) if addresses else "no address"
            raise AddressRefused(f"{host}:{port}", f"{host} now resolves to {first}, {reason}")
        return allowed

    def backend(self) -> httpcore.NetworkBackend:
        return _GuardedBackend(self)


class _GuardedBackend(httpcore.SyncBackend):
    """Opens a socket only to an address the guard allows, the one that was checked."""

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self.guard.allowed(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        error = httpcore.ConnectError(f"cannot connect to {host}:{port}")
        for address in addresses:
            try:
                # an address, not the name: the socket goes where the guard looked
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                error = exc
        raise error


def guarded_client(guard: AddressGuard, **options: Any) -> httpx.Client:
    """An httpx client whose every request and connection passes ``guard``.

    The transport is httpx's own, with its connection pool rebuilt on the guarded backend (httpx
    has no public parameter for it); ``options`` are the usual ``httpx.Client`` arguments.
    """
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
    transport = httpx.HTTPTransport(limits=limits)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=guard.backend(),
    )
    hooks = options.pop("event_hooks", {})
    hooks = {**hooks, "request": [guard.on_request, *hooks.get("request", [])]}
    return httpx.Client(transport=transport, event_hooks=hooks, **options)
