"""Bytes sent to a loopback endpoint exactly as they are, for requests no HTTP client would send."""
from __future__ import annotations

import socket


def raw_exchange(endpoint, data: bytes) -> tuple[bytes, bytes]:
    """Send `data` on a new connection and return the answer's head and body."""
    with socket.create_connection((endpoint.hostname, endpoint.port), timeout=10) as conn:
        conn.sendall(data)
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    return head, body
