"""`leg-cramp-helper`: talk to the skill, serve it on loopback, evaluate it on the clinical cases, or build its Lambda
artifact, all without AWS."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterator

from .artifact import DEFAULT_OUT, PLATFORMS, ArtifactError, build

DEFAULT_PORT = 8000
PROGRESS_AFTER_SECONDS = 3  # `evaluate` takes about 2 s here: a run that short needs no progress line
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
        # Ctrl-C is the way to leave a chat or stop a server; it only cuts a build or an evaluation short.
        return 130 if args.command in ("build", "evaluate") else 0


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "memory", False):
        os.environ["LEG_CRAMP_STORE"] = "memory"  # read when the skill is imported, just below
    if args.command == "chat":
        from .chat import run  # the skill is imported only by the commands that run it

        return run(args.locale, args.speak)
    if args.command == "serve":
        from .server import serve

        return serve(args.port)
    if args.command == "evaluate":
        return _evaluate(args.cases, args.json)
    return _build(args.out, args.platform)


def _evaluate(cases_dir: Path | None, json_path: Path | None) -> int:
    """The table on stdout, and the JSON when asked. 0 whatever the figures: it reports, a test holds the targets."""
    from .evaluate import CASES_DIR, evaluate, find_cases  # imports the skill, with the memory store
    from .evaluation_report import failures, table, to_json

    folder = cases_dir or CASES_DIR
    cases = find_cases(folder)
    if not cases:
        print(f"leg-cramp-helper evaluate: no cases in {folder} (a *.json file holding a list of cases)", file=sys.stderr)
        return 1
    outcomes = evaluate(_counted_on_stderr(cases))
    print(f"{len(cases)} cases from {folder}, each played through lambda_handler as a simulated patient.\n")
    print(table(outcomes))
    failing = failures(outcomes)
    print(f"\nFailing cases ({len(failing)}):" if failing else "\nNo failing case.")
    for line in failing:
        print(f"- {line}")
    if json_path:
        json_path.write_text(json.dumps(to_json(outcomes), indent=2) + "\n", encoding="utf-8")
    return 0


def _counted_on_stderr(cases: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The cases, with a count on a terminal's stderr once the run has taken more than a couple of seconds."""
    start, shown = time.monotonic(), False
    for done, case in enumerate(cases):
        if sys.stderr.isatty() and time.monotonic() - start > PROGRESS_AFTER_SECONDS:
            print(f"\rplayed {done} of {len(cases)} cases", end="", file=sys.stderr, flush=True)
            shown = True
        yield case
    if shown:
        print("\r\033[K", end="", file=sys.stderr, flush=True)  # the count goes before the table is read


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

    evaluate = commands.add_parser(
        "evaluate",
        help="play the clinical cases through the skill and print how it did",
        description="Play every case (tests/cases/*.json holding a list of cases) through the real handler as a "
        "simulated patient who answers from the case's facts, and print one table: urgency exact, under- and "
        "over-triaged, emergencies found, expected causes named, wrong leads and the number of answers, over all "
        "cases, by expected urgency and by expected cause; then one line per failing case. The expected results "
        "come from the clinical spec's reference rule: this is a check against the spec, not a clinical validation. "
        "Nothing is kept (memory store). Exits 0 whatever the figures.",
    )
    evaluate.add_argument("--json", type=Path, metavar="FILE", help="also write the figures and every case's answers as JSON")
    evaluate.add_argument(
        "--cases", type=Path, metavar="DIR", help="the folder of case files (default: tests/cases/ of the repository)"
    )

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
