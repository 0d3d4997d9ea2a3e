"""moto in server mode on 127.0.0.1, on a free port: prints `port N`, serves until its stdin closes.

Run by bench.common.MotoServer, so the server goes away with the script that started it, however it ends.
"""
from __future__ import annotations

import logging
import sys

from moto.server import ThreadedMotoServer


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    print(f"port {server.get_host_and_port()[1]}", flush=True)
    sys.stdin.read()  # until the parent closes it or exits
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
