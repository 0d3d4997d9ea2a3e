"""Leg Cramp Helper against the floor (the smallest ask-sdk-core skill), side by side in one run.

    python -m bench.benchmark            # or: make bench   (a few minutes)
    python -m bench.benchmark --cold 5 --warm 20 --no-artifact   # a quick look

Every envelope is one as Alexa sends it: with System.apiEndpoint and apiAccessToken, the endpoint a fake
Alexa API over TLS on 127.0.0.1 (local/fake_alexa_api.py, served from this process), trusted through the
clients' CA settings with the system's roots beside its throwaway certificate (bench.common.AlexaApi). So
the first turn of every session asks it for the device's time zone, as the skill asks Alexa.

1. Cold start: a fresh interpreter (`python -I -S -B`, so no site hooks and no bytecode written, as in
   Lambda's read-only /var/task) imports the handler and answers one LaunchRequest; the time runs from
   just before the process is started to the moment the answer is ready. Nine variants, one sample of
   each per round, in an order that rotates every round:
     ours, no persistence (LEG_CRAMP_STORE=memory)               against   the floor
     the floor plus one time-zone call (floor/hello_world_time_zone.py): what the lookup alone costs
     ours with the SDK's DefaultApiClient (`requests`)           against   the floor  (the candidate replaced)
     ours on an envelope without apiAccessToken (no API call)    against   the floor  (what earlier runs measured)
     ours, DynamoDB (moto server, TABLE_NAME set), a new user    against   the floor plus one boto3 DynamoDB client
     ours, DynamoDB, a returning user (zone kept in the record)  against   the floor plus one boto3 DynamoDB client
     ours, DynamoDB, with the SDK's DefaultApiClient             against   the floor plus one boto3 DynamoDB client
   Ours runs from the artifact's layout (`local.artifact.assemble`: code compiled as the build ships
   it, content beside it); both find their packages in this venv. Each answer of ours (and of the floor
   plus one call) must have asked the fake once for the time zone, the floor's never (the returning user
   never: the zone is in its record). A sample that did otherwise (a call timed out on a busy machine) is
   taken once more and counted in `cold_start_retaken`; twice in a row stops the run.
2. Warm turns: full check-ups played through our `lambda_handler` (real envelopes, words resolved by
   the en-US interaction model as in the chat), each turn followed by one floor launch; each check-up is
   a new session, whose first turn asks the fake for the time zone.
3. Peak RSS of each cold-start process.
4. Artifact size: ours as `make build` makes it (arm64), the floor's as hello_world.py plus ask-sdk-core
   and its dependencies; unpacked and zipped. Needs PyPI (pip's cache will do); --no-artifact skips it.

Prints ratios (ours / floor) with the raw medians and writes them all to --out as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench.common import (
    API_ACCESS_TOKEN, REPO, RESULTS, TABLE_NAME, AlexaApi, MotoServer, git_version, progress, ratio, summary, write_json,
)

FLOOR = REPO / "bench" / "floor"
CHILD = REPO / "bench" / "cold_child.py"
DEFAULT_OUT = RESULTS / "latest.json"
RETURNING_USER = "amzn1.ask.account.bench-returning-user"

TARGETS = {  # ratio (ours / floor) each must stay at or under (issue 13)
    "cold_start_no_persistence": 1.25,
    "cold_start_dynamodb": 1.1,  # a new user: the first turn asks Alexa for the time zone
    "cold_start_dynamodb_returning": 1.1,  # the zone kept in the record: no call
    "warm_turn_median": 2.0,
    "peak_rss_no_persistence": 1.3,
}
VARIANTS = ("ours", "ours_sdk_client", "ours_no_token", "floor", "floor_time_zone", "ours_dynamodb",
            "ours_dynamodb_returning", "ours_dynamodb_sdk_client", "floor_boto3_client")
ASKS_THE_API = {"ours", "ours_sdk_client", "floor_time_zone", "ours_dynamodb", "ours_dynamodb_sdk_client"}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lch-bench-") as tmp:
        work = Path(tmp)
        progress(f"Assembling ours and the floor in {work}")
        ours_code, floor_code = _assemble(work)
        with AlexaApi(work) as api, MotoServer() as moto:
            progress(f"fake Alexa API at {api.url}; moto server at {moto.endpoint}")
            moto.create_table()
            events = {"alexa": work / "launch.json", "no_token": work / "launch-no-token.json", "returning": work / "launch-returning.json"}
            events["alexa"].write_text(json.dumps(_launch_envelope(api.url, API_ACCESS_TOKEN)), encoding="utf-8")
            events["no_token"].write_text(json.dumps(_launch_envelope(api.url, None)), encoding="utf-8")
            events["returning"].write_text(json.dumps(_launch_envelope(api.url, API_ACCESS_TOKEN, RETURNING_USER)), encoding="utf-8")
            _keep_returning_record(moto, api.fake.zone)
            cold, retried = _cold_starts(args.cold, ours_code, floor_code, events, moto.env(), api, work)
            warm = _warm_turns(args.warm, api)
        artifacts = None if args.no_artifact else _artifact_sizes(work)
    results = _results(args, cold, retried, warm, artifacts, time.monotonic() - started)
    previous = _read_previous(args.out)
    write_json(args.out, results)
    print(_report(results, previous))
    print(f"Written to {_shown(args.out)}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.benchmark", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cold", type=int, default=40, help="cold-start rounds, one sample of each variant per round (default: %(default)s)")
    parser.add_argument("--warm", type=int, default=300, help="full check-ups timed turn by turn (default: %(default)s)")
    parser.add_argument("--no-artifact", action="store_true", help="skip building the two artifacts (needs PyPI or pip's cache)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results (default: %(default)s)")
    return parser


# -- set-up ------------------------------------------------------------------------------------------

def _assemble(work: Path) -> tuple[Path, Path]:
    from local.artifact import assemble, compile_code

    ours = assemble(work / "ours")
    floor = work / "floor"
    floor.mkdir()
    for module in ("hello_world.py", "hello_world_time_zone.py"):
        shutil.copy2(FLOOR / module, floor)
    compile_code(floor)  # as ours: no cold start compiles
    return ours, floor


def _launch_envelope(api_endpoint: str, token: str | None, user_id: str | None = None) -> dict[str, Any]:
    from local.envelopes import Session, launch

    session = Session(api_endpoint=api_endpoint, api_access_token=token)
    if user_id:
        session.user_id = user_id
    return session.envelope(launch())


def _keep_returning_record(moto: MotoServer, zone: str) -> None:
    """The returning user's record as the skill keeps it after a check: a last result and the device's zone."""
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    from local.envelopes import Session, launch
    from skill import kept_zone
    from skill.stores.dynamodb import DynamoDbStore

    secret = moto.env()["USER_KEY_SECRET"].encode("utf-8")
    session = Session(user_id=RETURNING_USER)
    envelope = DefaultSerializer().deserialize(json.dumps(session.envelope(launch())), RequestEnvelope)
    now = int(time.time())
    record = {
        "last_result": {"date": datetime.now(timezone.utc).date().isoformat(), "urgency": "routine", "causes": ["dehydration"]},
        kept_zone.KEPT: {"device": kept_zone.device_code(session.device_id, secret), "name": zone, "asked_at": now},
    }
    DynamoDbStore(TABLE_NAME, moto.resource, secret=secret).save_attributes(envelope, record)


def _packages() -> list[str]:
    """This venv's packages, as the artifact's would be (with -S nothing else is on sys.path)."""
    return list(dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]))


# -- 1. cold starts ------------------------------------------------------------------------------------

def _cold_starts(rounds: int, ours: Path, floor: Path, events: dict[str, Path], dynamodb_env: dict[str, str],
                 api: AlexaApi, work: Path) -> tuple[dict[str, list[dict]], dict[str, int]]:
    home = work / "home"
    home.mkdir()
    base_env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "LANG": "C.UTF-8", **api.env()}
    ours_config = {"path": [str(ours), *_packages()], "module": "lambda_function", "event": str(events["alexa"])}
    floor_config = {"path": [str(floor), *_packages()], "module": "hello_world", "event": str(events["alexa"])}
    memory = {"LEG_CRAMP_STORE": "memory"}
    configs = {
        "ours": (ours_config, memory),
        "ours_sdk_client": ({**ours_config, "sdk_api_client": True}, memory),
        "ours_no_token": ({**ours_config, "event": str(events["no_token"])}, memory),
        "floor": (floor_config, {}),
        "floor_time_zone": ({**floor_config, "module": "hello_world_time_zone"}, {}),
        "ours_dynamodb": (ours_config, dynamodb_env),
        "ours_dynamodb_returning": ({**ours_config, "event": str(events["returning"])}, dynamodb_env),
        "ours_dynamodb_sdk_client": ({**ours_config, "sdk_api_client": True}, dynamodb_env),
        "floor_boto3_client": ({**floor_config, "boto3_client": True}, dynamodb_env),
    }
    samples: dict[str, list[dict]] = {name: [] for name in VARIANTS}
    retries: dict[str, int] = {}
    progress(f"Cold starts: {rounds} rounds of {len(VARIANTS)} fresh interpreters")
    for number in range(rounds + 1):  # round 0 warms the OS's file cache and is not counted
        order = VARIANTS[number % len(VARIANTS):] + VARIANTS[: number % len(VARIANTS)]
        for name in order:
            config, env = configs[name]
            sample = _one_checked_cold_start(name, config, {**base_env, **env}, api, retries)
            if number:
                samples[name].append(sample)
        if number:
            latest = " | ".join(f"{name} {samples[name][-1]['ms']:.0f}" for name in VARIANTS)
            progress(f"  cold {number}/{rounds}: {latest} ms")
    return samples, retries


def _one_checked_cold_start(name: str, config: dict[str, Any], env: dict[str, str], api: AlexaApi,
                            retries: dict[str, int]) -> dict[str, Any]:
    """One cold start that took the variant's own path: the fake asked as often as it should be. On a busy
    machine a call can time out (the store's read, and then the skill asks Alexa for a zone the record
    holds): that sample measures a fault, not the variant, so it is taken once more, and counted."""
    sample, asked = _one_counted_cold_start(name, config, env, api)
    if asked != (name in ASKS_THE_API):
        retries[name] = retries.get(name, 0) + 1
        progress(f"  cold start {name} asked the fake Alexa API {asked} times (a call timed out?): taken again")
        sample, asked = _one_counted_cold_start(name, config, env, api)
        if asked != (name in ASKS_THE_API):
            raise RuntimeError(f"cold start {name} asked the fake Alexa API {asked} times, twice in a row")
    return sample


def _one_counted_cold_start(name: str, config: dict[str, Any], env: dict[str, str], api: AlexaApi) -> tuple[dict[str, Any], int]:
    asked_before = len(api.fake.requests)
    sample = _one_cold_start(config, env)
    if sample["boto3"] != (name == "floor_boto3_client"):  # ours reaches DynamoDB through botocore alone
        raise RuntimeError(f"cold start {name} {'imported' if sample['boto3'] else 'did not import'} boto3")
    return sample, len(api.fake.requests) - asked_before


def _one_cold_start(config: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, "-I", "-S", "-B", str(CHILD), json.dumps(config)]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"cold start of {config['module']} failed:\n{done.stderr}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    if "<speak>" not in report["speech"]:
        raise RuntimeError(f"cold start of {config['module']} did not speak: {report}")
    return {
        "ms": (report["answered"] - started) * 1000,
        "import_ms": (report["imported"] - started) * 1000,
        "first_request_ms": (report["answered"] - report["imported"]) * 1000,
        "rss_kb": report["rss_kb"],
        "boto3": report["boto3"],
    }


# -- 2. warm turns -----------------------------------------------------------------------------------

def _warm_turns(checkups: int, api: AlexaApi) -> dict[str, Any]:
    progress(f"Warm turns: {checkups} full check-ups, each turn followed by one floor launch")
    config = {"checkups": checkups, "floor": str(FLOOR), "progress": True, "api_endpoint": api.url, "api_access_token": API_ACCESS_TOKEN}
    env = {**os.environ, "LEG_CRAMP_STORE": "memory", **api.env()}
    asked_before = len(api.fake.requests)
    for name in ("TABLE_NAME", "USER_KEY_SECRET"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "bench.warm_child", json.dumps(config)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, text=True, timeout=3600, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError("the warm-turn run failed (see above)")
    warm = json.loads(done.stdout)
    asked = len(api.fake.requests) - asked_before
    if asked != checkups + 1:  # once per session, the uncounted first check-up included
        raise RuntimeError(f"{checkups + 1} warm check-ups asked the fake Alexa API {asked} times")
    return warm


# -- 4. artifacts ------------------------------------------------------------------------------------

def _artifact_sizes(work: Path) -> dict[str, Any]:
    from local.artifact import ARM64_PIP_ARGS, REQUIREMENTS, build

    progress("Artifacts: ours with `leg-cramp-helper build` (arm64), the floor with ask-sdk-core alone")
    ours = build(work / "artifact-ours", "arm64")
    floor = work / "artifact-floor"
    floor.mkdir()
    shutil.copy2(FLOOR / "hello_world.py", floor)
    sdk = next(line.strip() for line in REQUIREMENTS.read_text().splitlines() if line.strip().startswith("ask-sdk-core"))
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-input", "--disable-pip-version-check",
               "--no-warn-conflicts", "--target", str(floor), sdk, *ARM64_PIP_ARGS]
    subprocess.run(command, check=True)
    return {"ours": _sizes(ours, work), "floor": _sizes(floor, work), "floor_requirement": sdk}


def _sizes(folder: Path, work: Path) -> dict[str, int]:
    unpacked = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    archive = Path(shutil.make_archive(str(work / f"{folder.name}-zip"), "zip", folder))
    return {"unzipped_bytes": unpacked, "zipped_bytes": archive.stat().st_size}


# -- results -----------------------------------------------------------------------------------------

def _results(args: argparse.Namespace, cold: dict, retried: dict[str, int], warm: dict, artifacts: dict | None,
             seconds: float) -> dict[str, Any]:
    cold_ms = {name: summary([s["ms"] for s in samples], 1) for name, samples in cold.items()}
    split = {
        name: {"import_ms": summary([s["import_ms"] for s in samples], 1)["median"],
               "first_request_ms": summary([s["first_request_ms"] for s in samples], 1)["median"]}
        for name, samples in cold.items()
    }
    rss = {name: summary([s["rss_kb"] for s in samples], 0)["median"] for name, samples in cold.items()}
    ours_turn, floor_launch = summary(warm["ours_turn_us"], 1), summary(warm["floor_launch_us"], 1)
    sdk_echo = summary(warm["sdk_echo_us"], 1)
    ratios = {
        "cold_start_no_persistence": ratio(cold_ms["ours"]["median"], cold_ms["floor"]["median"]),
        "cold_start_dynamodb": ratio(cold_ms["ours_dynamodb"]["median"], cold_ms["floor_boto3_client"]["median"]),
        "cold_start_dynamodb_returning": ratio(cold_ms["ours_dynamodb_returning"]["median"], cold_ms["floor_boto3_client"]["median"]),
        "cold_start_sdk_client": ratio(cold_ms["ours_sdk_client"]["median"], cold_ms["floor"]["median"]),
        "cold_start_no_token": ratio(cold_ms["ours_no_token"]["median"], cold_ms["floor"]["median"]),
        "cold_start_time_zone_call_alone": ratio(cold_ms["floor_time_zone"]["median"], cold_ms["floor"]["median"]),
        "cold_start_vs_floor_time_zone": ratio(cold_ms["ours"]["median"], cold_ms["floor_time_zone"]["median"]),
        "cold_start_dynamodb_sdk_client": ratio(cold_ms["ours_dynamodb_sdk_client"]["median"], cold_ms["floor_boto3_client"]["median"]),
        "warm_turn_median": ratio(ours_turn["median"], floor_launch["median"]),
        "warm_turn_p99": ratio(ours_turn["p99"], floor_launch["p99"]),
        "warm_sdk_echo_median": ratio(sdk_echo["median"], floor_launch["median"]),
        "peak_rss_no_persistence": ratio(rss["ours"], rss["floor"]),
        "peak_rss_dynamodb": ratio(rss["ours_dynamodb"], rss["floor_boto3_client"]),
        "peak_rss_dynamodb_returning": ratio(rss["ours_dynamodb_returning"], rss["floor_boto3_client"]),
        "peak_rss_sdk_client": ratio(rss["ours_sdk_client"], rss["floor"]),
        "peak_rss_no_token": ratio(rss["ours_no_token"], rss["floor"]),
        "peak_rss_time_zone_call_alone": ratio(rss["floor_time_zone"], rss["floor"]),
        "peak_rss_vs_floor_time_zone": ratio(rss["ours"], rss["floor_time_zone"]),
        "peak_rss_dynamodb_sdk_client": ratio(rss["ours_dynamodb_sdk_client"], rss["floor_boto3_client"]),
    }
    if artifacts:
        for kind in ("unzipped_bytes", "zipped_bytes"):
            ratios[f"artifact_{kind.split('_')[0]}"] = ratio(artifacts["ours"][kind], artifacts["floor"][kind])
    command = "python -m bench.benchmark" + (f" --cold {args.cold}" if args.cold != 40 else "") + (
        f" --warm {args.warm}" if args.warm != 300 else "") + (" --no-artifact" if args.no_artifact else "")
    return {
        "benchmark": "leg-cramp-helper vs hello-world ask-sdk-core skill, envelopes as Alexa sends them, a fake Alexa API over TLS (issue 13)",
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": command,
        "version": git_version(),
        "machine": {"python": sys.version.split()[0], "platform": sys.platform, "cpus": os.cpu_count()},
        "seconds": round(seconds, 1),
        "ratios": ratios,
        "targets": {name: {"ratio": ratios[name], "at_most": limit, "met": ratios[name] <= limit} for name, limit in TARGETS.items()},
        "cold_start_ms": cold_ms,
        "cold_start_split_ms": split,
        "cold_start_retaken": retried,  # samples taken again after a timed-out call sent them down the wrong path
        "peak_rss_kb": rss,
        # sdk_echo: the same envelopes through the SDK alone, answered with responses of the same shape as ours.
        "warm_us": {"ours_turn": ours_turn, "floor_launch": floor_launch, "sdk_echo": sdk_echo,
                    "turns_per_checkup": summary(warm["turns_per_checkup"], 1)["median"] if warm["turns_per_checkup"] else None},
        "artifact": artifacts,
    }


def _read_previous(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _report(results: dict[str, Any], previous: dict[str, Any] | None) -> str:
    cold, warm, rss = results["cold_start_ms"], results["warm_us"], results["peak_rss_kb"]
    before = (previous or {}).get("ratios", {})
    rows = [
        ("cold start, no persistence", "cold_start_no_persistence", f"{cold['ours']['median']:.1f} ms", f"{cold['floor']['median']:.1f} ms"),
        ("  with DefaultApiClient", "cold_start_sdk_client", f"{cold['ours_sdk_client']['median']:.1f} ms", "(requests: the candidate replaced)"),
        ("  without apiAccessToken", "cold_start_no_token", f"{cold['ours_no_token']['median']:.1f} ms", "(no API call: as earlier runs)"),
        ("  the lookup alone", "cold_start_time_zone_call_alone", f"{cold['floor_time_zone']['median']:.1f} ms",
         "(the floor plus one time-zone call, against the floor)"),
        ("  ours against that", "cold_start_vs_floor_time_zone", f"{cold['ours']['median']:.1f} ms",
         f"{cold['floor_time_zone']['median']:.1f} ms (the floor plus one time-zone call)"),
        ("cold start, DynamoDB (moto)", "cold_start_dynamodb", f"{cold['ours_dynamodb']['median']:.1f} ms",
         f"{cold['floor_boto3_client']['median']:.1f} ms (+ boto3 client)"),
        ("  a returning user", "cold_start_dynamodb_returning", f"{cold['ours_dynamodb_returning']['median']:.1f} ms", "(zone kept: no API call)"),
        ("  with DefaultApiClient", "cold_start_dynamodb_sdk_client", f"{cold['ours_dynamodb_sdk_client']['median']:.1f} ms", ""),
        ("warm turn, median", "warm_turn_median", f"{warm['ours_turn']['median']:.0f} µs", f"{warm['floor_launch']['median']:.0f} µs (launch)"),
        ("warm turn, p99", "warm_turn_p99", f"{warm['ours_turn']['p99']:.0f} µs", f"{warm['floor_launch']['p99']:.0f} µs (launch)"),
        ("  of which the SDK alone", "warm_sdk_echo_median", f"{warm['sdk_echo']['median']:.0f} µs", "(our envelopes, echoed)"),
        ("peak RSS, no persistence", "peak_rss_no_persistence", f"{rss['ours'] / 1024:.1f} MiB", f"{rss['floor'] / 1024:.1f} MiB"),
        ("  with DefaultApiClient", "peak_rss_sdk_client", f"{rss['ours_sdk_client'] / 1024:.1f} MiB", ""),
        ("  without apiAccessToken", "peak_rss_no_token", f"{rss['ours_no_token'] / 1024:.1f} MiB", ""),
        ("  the lookup alone", "peak_rss_time_zone_call_alone", f"{rss['floor_time_zone'] / 1024:.1f} MiB", "(the floor plus one call, against the floor)"),
        ("  ours against that", "peak_rss_vs_floor_time_zone", f"{rss['ours'] / 1024:.1f} MiB",
         f"{rss['floor_time_zone'] / 1024:.1f} MiB (the floor plus one time-zone call)"),
        ("peak RSS, DynamoDB", "peak_rss_dynamodb", f"{rss['ours_dynamodb'] / 1024:.1f} MiB", f"{rss['floor_boto3_client'] / 1024:.1f} MiB (+ boto3 client)"),
        ("  a returning user", "peak_rss_dynamodb_returning", f"{rss['ours_dynamodb_returning'] / 1024:.1f} MiB", ""),
        ("  with DefaultApiClient", "peak_rss_dynamodb_sdk_client", f"{rss['ours_dynamodb_sdk_client'] / 1024:.1f} MiB", ""),
    ]
    if results["artifact"]:
        art = results["artifact"]
        rows += [
            ("artifact, unzipped", "artifact_unzipped", f"{art['ours']['unzipped_bytes'] / 1e6:.1f} MB", f"{art['floor']['unzipped_bytes'] / 1e6:.1f} MB"),
            ("artifact, zipped", "artifact_zipped", f"{art['ours']['zipped_bytes'] / 1e6:.1f} MB", f"{art['floor']['zipped_bytes'] / 1e6:.1f} MB"),
        ]
    lines = ["", f"{'':30} {'ours/floor':>10} {'target':>8}  {'ours':>12}  floor"]
    for label, key, ours, floor in rows:
        limit = TARGETS.get(key)
        verdict = f"<= {limit}" + (" ok" if results["ratios"][key] <= limit else " NO") if limit else ""
        was = f"  (was {before[key]})" if key in before else ""
        lines.append(f"{label:30} {results['ratios'][key]:>10.2f} {verdict:>8}  {ours:>12}  {floor}{was}")
    split = results["cold_start_split_ms"]
    lines += ["", "Cold start split (medians, ms from process start): "
              + "; ".join(f"{name} import {s['import_ms']:.0f} + first request {s['first_request_ms']:.0f}" for name, s in split.items())]
    if results["cold_start_retaken"]:
        lines.append("Cold starts taken again after a timed-out call: "
                     + ", ".join(f"{name} {count}" for name, count in results["cold_start_retaken"].items()))
    return "\n".join(lines)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
