"""The client's address for per-client limits: forwarded headers count only from a trusted
proxy, read from the right so what a client wrote itself is never taken."""

from __future__ import annotations

import pytest

from chassis.client_address import check_proxies, client_address

GATEWAY = ("10.0.0.5",)


def test_without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say():
    headers = {"x-forwarded-for": "203.0.113.7", "x-real-ip": "203.0.113.8"}
    assert client_address("198.51.100.1", headers, ()) == "198.51.100.1"


def test_from_the_gateway_the_forwarded_client_is_counted():
    assert client_address("10.0.0.5", {"x-forwarded-for": "203.0.113.7"}, GATEWAY) == (
        "203.0.113.7"
    )


def test_a_client_cannot_name_itself_through_the_gateway():
    # nginx appends the address it saw: the client's own header stays on the left.
    forged = {"x-forwarded-for": "1.2.3.4, 203.0.113.7"}
    assert client_address("10.0.0.5", forged, GATEWAY) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    chain = {"x-forwarded-for": "203.0.113.7, 10.0.0.9, 10.0.0.8"}
    assert client_address("10.0.0.5", chain, ("10.0.0.0/24",)) == "203.0.113.7"


def test_x_real_ip_is_read_from_a_trusted_proxy_without_x_forwarded_for():
    assert client_address("10.0.0.5", {"x-real-ip": "203.0.113.9"}, GATEWAY) == "203.0.113.9"


def test_headers_from_an_untrusted_peer_are_ignored():
    assert client_address("198.51.100.1", {"x-real-ip": "1.2.3.4"}, GATEWAY) == "198.51.100.1"


def test_an_ipv6_client_is_counted_by_its_64_and_a_mapped_ipv4_as_ipv4():
    assert client_address("2001:db8:1:2:3:4:5:6", {}, ()) == "2001:db8:1:2::/64"
    assert client_address("2001:db8:1:2:ffff::1", {}, ()) == "2001:db8:1:2::/64"
    assert client_address("::ffff:203.0.113.7", {}, ()) == "203.0.113.7"


def test_garbage_in_the_headers_falls_back_to_what_can_be_read():
    headers = {"x-forwarded-for": "unknown, not-an-ip"}
    assert client_address("10.0.0.5", headers, GATEWAY) == "10.0.0.5"
    assert client_address(None, {}, GATEWAY) == "unknown"


def test_the_setting_names_addresses_or_networks_only():
    assert check_proxies([" 10.0.0.0/8", "", "192.168.1.1 "]) == ("10.0.0.0/8", "192.168.1.1")
    with pytest.raises(ValueError, match="gateway"):
        check_proxies(["gateway"])
