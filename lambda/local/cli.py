"""`leg-cramp-helper`: talk to the skill, serve it on loopback, or build its Lambda artifact, all without AWS."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .artifact import DEFAULT_OUT, PLATFORMS, ArtifactError, build

DEFAULT_PORT = 8000
MEMORY_HELP = (
    "keep nothing after this run (by default an unfinished check and the last result are kept for 30 days in "
    "~/.local/share/leg-cramp-helper/store.sqlite3, so a check can be resumed; say 'forget my data' to delete them)"
)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)  # exits 2 on a usage error
    try:
        return _run(args)
    except KeyboardInterrupt:
        print()
        # Ctrl-C is the way to leave a chat or stop a server; it only cuts a build short.
        return 130 if args.command == "build" else 0


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "memory", False):
        os.environ["LEG_CRAMP_STORE"] = "memory"  # read when the skill is imported, just below
    if args.command == "chat":
        from .chat import run  # the skill is imported only by the commands that run it

        return run(args.locale, args.speak)
    if args.command == "serve":
        from .server import serve

        return serve(args.port)
    return _build(args.out, args.platform)


def _build(out: Path, platform: str) -> int:
    try:
        build(out, platform)
    except ArtifactError as err:
        print(f"leg-cramp-helper build: {err}", file=sys.stderr)
        return 1
    return 0


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port (0-65535): {port}")
    return port


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leg-cramp-helper",
        description="Run the Leg Cramp Helper Alexa skill locally: no AWS account or device needed.",
        epilog="Start with: leg-cramp-helper chat. Each command has its own --help.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    chat = commands.add_parser(
        "chat",
        help="talk to the skill in the terminal",
        description="Talk to the skill as you would to Alexa: type what you would say (yes, no, not sure, "
        "go back, repeat, help, stop). Typed words are matched against the skill's interaction model and "
        "sent to the real handler. Leave with Ctrl-D or Ctrl-C.",
    )
    chat.add_argument("--locale", default="en-US", help="the device's locale (default: %(default)s)")
    chat.add_argument("--speak", action="store_true", help="also read Alexa's words aloud with espeak-ng, if installed")
    chat.add_argument("--memory", action="store_true", help=MEMORY_HELP)

    serve = commands.add_parser(
        "serve",
        help="answer Alexa request envelopes over HTTP on 127.0.0.1 (for local testing only)",
        description="Serve the skill at http://127.0.0.1:PORT/ for simulators such as virtual-alexa: POST an "
        "Alexa request envelope as JSON, get the response envelope back. Stop with Ctrl-C. "
        "This endpoint performs no Alexa request signature verification (it cannot tell Alexa from anyone "
        "else), so it listens on the loopback address only and must not be exposed publicly: no port "
        "forwarding, tunnels or reverse proxies to it. Deploy the Lambda function for a real device.",
    )
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help="TCP port; 0 picks a free one (default: %(default)s)")
    serve.add_argument("--memory", action="store_true", help=MEMORY_HELP)

    build = commands.add_parser(
        "build",
        help="build the Lambda artifact folder for template.yaml",
        description="Build the folder that template.yaml's CodeUri points at: the skill's code, content/ and "
        "the runtime packages from lambda/requirements.txt (fetched from PyPI). The folder is replaced.",
    )
    build.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    build.add_argument(
        "--platform",
        choices=PLATFORMS,
        default="arm64",
        help="arm64: packages for Lambda on Graviton, as template.yaml declares; host: packages for this "
        "machine, to run the artifact here (default: %(default)s)",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
