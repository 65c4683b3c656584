"""The image's HEALTHCHECK command: 0 when /health/live answers 200, else 1."""

from __future__ import annotations

import http.server
import socket
import threading

from chassis import healthcheck


class Live(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == healthcheck.PATH else 404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def serve(status: int) -> http.server.HTTPServer:
    handler = type("Handler", (Live,), {"status": status})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_healthy_when_live_answers_200(monkeypatch):
    server = serve(200)
    try:
        monkeypatch.setenv("HTTP_PORT", str(server.server_address[1]))
        assert healthcheck.main() == 0
    finally:
        server.shutdown()


def test_unhealthy_when_live_fails_or_nothing_listens(monkeypatch):
    server = serve(500)
    try:
        monkeypatch.setenv("HTTP_PORT", str(server.server_address[1]))
        assert healthcheck.main() == 1
    finally:
        server.shutdown()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HTTP_PORT", str(port))
    assert healthcheck.main() == 1
