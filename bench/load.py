"""A bounded load run: many simulated users at once through the loopback `serve` endpoint, on DynamoDB (moto).

    python -m bench.load                 # or: make load   (50 users, about 1,100 requests)
    python -m bench.load --users 5       # a quick look

Everything listens on 127.0.0.1 only: moto in server mode (the table created as template.yaml declares
it), a fake Alexa API over TLS (local/fake_alexa_api.py, trusted by `serve` through SSL_CERT_FILE), and
`leg-cramp-helper serve` with TABLE_NAME and USER_KEY_SECRET set, so the skill uses its production store
pointed at moto (AWS_ENDPOINT_URL_DYNAMODB, fake credentials). Every envelope carries apiEndpoint and an
apiAccessToken of its user's own, so the first session's first turn asks the fake for the device's time
zone, which answers each user with a zone of its own; the second session finds it kept in the user's record
(skill.kept_zone). Each user, all at once:

1. opens the skill and answers a few questions (2 to 7, by user), each with its own answers;
2. says "stop" (the session ends; the unfinished check is kept in the table);
3. opens the skill again in a new session, is offered to carry on, says yes, and answers to the result.

The run has a fixed number of requests and stops by itself. It reports throughput and latency, and checks
- after every turn, that the session holds exactly this user's answers (a leak from another user, or a
  lost answer, shows up as a difference: each user answers from a hash of its own name);
- after each session's first turn, that the session holds this user's own time zone, and at the end that
  the fake was asked exactly once with each user's token (the second session reads the kept zone);
- after the stop, that the table holds this user's unfinished check with exactly those answers;
- after the resume, that the skill offers to carry on with those answers and asks the question that was
  pending when the user stopped;
- at the end, that the table holds one record per user, each with that user's own result and no
  unfinished check left.
Exit status 1 when any check fails.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench.common import (
    API_ACCESS_TOKEN, LOOPBACK, REPO, RESULTS, TABLE_NAME, USER_KEY_SECRET, AlexaApi, MotoServer, Patient, cpu_seconds,
    git_version, progress, requests_by_word, summary, write_json,
)

DEFAULT_OUT = RESULTS / "load-latest.json"
MAX_TURNS = 80  # a check takes about 20 turns: more means the skill went round in circles
REQUEST_TIMEOUT_S = 30
SESSIONS_PER_USER = 2
# Each user's device is in one of these (by user number), so a time zone answered to the wrong user shows.
ZONES = ("Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "America/Los_Angeles", "America/Toronto", "Pacific/Auckland")


@dataclass
class UserRun:
    """One simulated user: who it is, what it said, what went wrong."""

    index: int
    patient: Patient
    user_id: str
    stop_after: int
    token: str
    zone: str
    latencies_ms: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None

    @classmethod
    def number(cls, index: int) -> UserRun:
        name = f"load-user-{index:04d}"
        return cls(index, Patient(name), f"amzn1.ask.account.LOAD{index:04d}{'X' * 40}", 2 + index % 6,
                   f"{API_ACCESS_TOKEN}.{index:04d}", ZONES[index % len(ZONES)])


# -- the checks (also used by tests/test_bench.py on corrupted data) -------------------------------------

def turn_problems(expected: dict[str, str], check: dict[str, Any] | None, when: str) -> list[str]:
    """What is wrong with a session's state, given every answer this user has given so far."""
    if not isinstance(check, dict):
        return [f"{when}: no check in the session"]
    answers = check.get("answers")
    if answers == expected:
        return []
    if not isinstance(answers, dict):
        return [f"{when}: answers missing"]
    extra = sorted(set(answers) - set(expected))
    lost = sorted(set(expected) - set(answers))
    changed = sorted(f for f in set(answers) & set(expected) if answers[f] != expected[f])
    parts = [f"{len(extra)} answers this user never gave ({', '.join(extra[:3])})" if extra else "",
             f"{len(lost)} answers lost ({', '.join(lost[:3])})" if lost else "",
             f"{len(changed)} answers changed ({', '.join(changed[:3])})" if changed else ""]
    return [f"{when}: " + "; ".join(p for p in parts if p)]


def record_problems(record: dict[str, Any] | None, expected_answers: dict[str, str] | None, expected_result: dict | None) -> list[str]:
    """What is wrong with one user's record in the table: an unfinished check with exactly
    `expected_answers`, or (after the check) `expected_result` as the last result and nothing unfinished."""
    if record is None:
        return ["no record in the table"]
    problems = []
    if expected_answers is not None:
        state = (record.get("progress") or {}).get("state") or {}
        if state.get("answers") != expected_answers:
            problems += [p.replace("table: ", "table holds ") for p in turn_problems(expected_answers, state, "table")]
    if expected_result is not None:
        last = record.get("last_result") or {}
        if {"urgency": last.get("urgency"), "causes": last.get("causes")} != expected_result:
            problems.append(f"table holds the result {last.get('urgency')} {last.get('causes')}, the user was told "
                            f"{expected_result['urgency']} {expected_result['causes']}")
        if "progress" in record:
            problems.append("table still holds an unfinished check after the result")
    return problems


def audit_table(expected: dict[str, dict[str, Any]], records: dict[str, dict[str, Any]]) -> list[str]:
    """The whole table against every user's result: `expected` and `records` map record keys to
    a result ({"urgency", "causes"}) and to the record held."""
    problems = [f"record {key[:12]}…: {p}" for key, result in expected.items() for p in record_problems(records.get(key), None, result)]
    problems += [f"record {key[:12]}… belongs to no user of this run" for key in sorted(set(records) - set(expected))]
    return problems


# -- talking to the endpoint ------------------------------------------------------------------------------

class Endpoint:
    """`leg-cramp-helper serve` in a process of its own, using the DynamoDB store on moto."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self._log = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "local.cli", "serve", "--port", "0"],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=self._log, text=True,
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line.startswith("Listening on http://"):
            self.stop()
            raise RuntimeError(f"serve did not start: {line!r}; see {log}")
        address = line.split("http://", 1)[1].split("/", 1)[0]
        self.host, port = address.rsplit(":", 1)
        self.port = int(port)
        if self.host != LOOPBACK:
            self.stop()
            raise RuntimeError(f"serve listens on {self.host}, not {LOOPBACK}")

    def post(self, envelope: dict[str, Any]) -> tuple[dict[str, Any], float]:
        body = json.dumps(envelope).encode("utf-8")
        connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT_S)
        try:
            started = time.perf_counter()
            connection.request("POST", "/", body, {"Content-Type": "application/json"})
            answer = connection.getresponse()
            data = answer.read()
            elapsed_ms = (time.perf_counter() - started) * 1000
        finally:
            connection.close()
        if answer.status != 200:
            raise RuntimeError(f"HTTP {answer.status}: {data[:200]!r}")
        return json.loads(data), elapsed_ms

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class Table:
    """The records as the skill's store reads them, straight from moto."""

    def __init__(self, moto: MotoServer) -> None:
        from skill.stores.key import user_key

        self._client = moto.client()
        self._key = lambda user_id: user_key(user_id, USER_KEY_SECRET.encode("utf-8"))

    def key(self, user_id: str) -> str:
        return self._key(user_id)

    def record(self, user_id: str) -> dict[str, Any] | None:
        item = self._client.get_item(TableName=TABLE_NAME, Key={"id": {"S": self.key(user_id)}}, ConsistentRead=True).get("Item")
        return json.loads(item["attributes"]["S"]) if item else None  # the record as JSON text (skill/stores/dynamodb.py)

    def all_records(self) -> dict[str, dict[str, Any]]:
        records, start = {}, None
        while True:
            page = self._client.scan(TableName=TABLE_NAME, ConsistentRead=True, **({"ExclusiveStartKey": start} if start else {}))
            records.update({item["id"]["S"]: json.loads(item["attributes"]["S"]) for item in page["Items"]})
            start = page.get("LastEvaluatedKey")
            if not start:
                return records


# -- one user ------------------------------------------------------------------------------------------

def api_problems(users: list[UserRun], seen: list[Any]) -> list[str]:
    """What is wrong with the fake Alexa API's requests: each user's token asked once, in the first session
    (the second finds the zone kept with the unfinished check), and no other token."""
    asked: dict[str, int] = {}
    for request in seen:
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ")
        asked[token] = asked.get(token, 0) + 1
    problems = []
    for user in users:
        times = asked.pop(user.token, 0)
        if times != 1:
            problems.append(f"user {user.index}: the time zone asked {times} times in {SESSIONS_PER_USER} sessions, not once")
    return problems + [f"the fake Alexa API was asked {n} times with a token of no user" for n in asked.values()]


def play(user: UserRun, endpoint: Endpoint, table: Table, words: dict[str, dict], start: threading.Barrier, api_url: str) -> None:
    from local.envelopes import Session, launch

    def turn(session: Session, request: dict[str, Any]) -> dict[str, Any] | None:
        first = session.new
        response, elapsed_ms = endpoint.post(session.envelope(request))
        user.latencies_ms.append(elapsed_ms)
        session.update(response)
        attributes = response.get("sessionAttributes") or {}
        if first and attributes.get("time_zone") != user.zone:
            user.problems.append(f"the session's time zone is {attributes.get('time_zone')}, not the user's {user.zone}")
        return attributes.get("check")

    def answer(session: Session, check: dict[str, Any]) -> dict[str, Any] | None:
        word = user.patient.word_for(check)
        user.patient.said(check, word)
        return turn(session, words[word])

    start.wait()
    # 1. A few answers, then "stop".
    alexa = {"api_access_token": user.token, "api_endpoint": api_url}
    first = Session(user_id=user.user_id, **alexa)
    check = turn(first, launch())
    user.problems += turn_problems({}, check, "first launch")
    for number in range(user.stop_after):
        check = answer(first, check)
        user.problems += turn_problems(user.patient.expected, check, f"answer {number + 1}")
    pending = check["question"] if check else None
    turn(first, words["stop"])
    if not first.ended:
        user.problems.append("the session did not end after stop")
    user.problems += [f"after stop: {p}" for p in record_problems(table.record(user.user_id), user.patient.expected, None)]

    # 2. A new session: offered to carry on, with the same answers and the same question next.
    second = Session(user_id=user.user_id, **alexa)
    check = turn(second, launch())
    if not check or check.get("question") != "resume":
        user.problems.append(f"not offered to carry on (question {check and check.get('question')})")
    user.problems += turn_problems(user.patient.expected, check, "resume offer")
    check = answer(second, check)
    if not check or check.get("question") != pending:
        user.problems.append(f"carried on at {check and check.get('question')}, not at {pending}, the question pending at stop")
    turns = 0
    while not second.ended and check and turns < MAX_TURNS:
        user.problems += turn_problems(user.patient.expected, check, f"after resuming, turn {turns + 1}")
        check = answer(second, check)
        turns += 1
    if not check or "result" not in check:
        user.problems.append(f"no result after {turns} turns")
        return
    user.problems += turn_problems(user.patient.expected, check, "result")
    user.result = check["result"]


# -- the run -----------------------------------------------------------------------------------------

def run(users: int) -> dict[str, Any]:
    runs = [UserRun.number(i) for i in range(users)]
    words = requests_by_word()
    with tempfile.TemporaryDirectory(prefix="lch-load-") as tmp, MotoServer() as moto, AlexaApi(Path(tmp)) as api:
        moto.create_table()
        progress(f"moto server at {moto.endpoint}; table created as template.yaml declares it; fake Alexa API at {api.url}")
        api.fake.zones.update({u.token: u.zone for u in runs})
        env = {k: v for k, v in os.environ.items() if k not in ("LEG_CRAMP_STORE", "AWS_PROFILE")}
        endpoint = Endpoint({**env, **moto.env(), **api.env()}, Path(tmp) / "serve.log")
        try:
            progress(f"serve at http://{endpoint.host}:{endpoint.port}/ with the DynamoDB store; {users} users at once")
            table = Table(moto)
            start = threading.Barrier(users)
            cpu_before = {"serve": cpu_seconds(endpoint.process.pid), "moto": cpu_seconds(moto.process.pid)}
            with ThreadPoolExecutor(max_workers=users) as pool:
                begun = time.perf_counter()
                futures = [pool.submit(play, user, endpoint, table, words, start, api.url) for user in runs]
                for done, future in enumerate(futures, 1):
                    try:
                        future.result(timeout=600)
                    except Exception as error:  # noqa: BLE001 - one user's failure is reported, the others go on
                        runs[done - 1].problems.append(f"stopped by {type(error).__name__}: {error}")
                    if done % max(1, users // 10) == 0 or done == users:
                        progress(f"  {done}/{users} users done")
                seconds = time.perf_counter() - begun
            cpu = {name: cpu_seconds(p.pid) - cpu_before[name] for name, p in (("serve", endpoint.process), ("moto", moto.process))}
            records = table.all_records()
        finally:
            endpoint.stop()
        expected = {table.key(u.user_id): u.result for u in runs if u.result is not None}
        audit = audit_table(expected, records)
        api_seen = list(api.fake.requests)
    api_audit = api_problems(runs, api_seen)
    latencies = [ms for u in runs for ms in u.latencies_ms]
    user_problems = [f"user {u.index}: {p}" for u in runs for p in u.problems]
    return {
        "load": "simulated users through `serve` on DynamoDB (moto server) and a fake Alexa API over TLS, loopback only (issue 13)",
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "command": "python -m bench.load" + (f" --users {users}" if users != 50 else ""),
        "version": git_version(),
        "machine": {"python": sys.version.split()[0], "cpus": os.cpu_count()},
        "users": users,
        "requests": len(latencies),
        "seconds": round(seconds, 2),
        "throughput_per_s": round(len(latencies) / seconds, 1),
        "latency_ms": summary(latencies, 1) | {"max": round(max(latencies), 1)} if latencies else None,
        # Where the machine's time went: the skill's endpoint, and moto standing in for DynamoDB.
        "cpu_ms_per_request": {name: round(seconds_used * 1000 / max(1, len(latencies)), 2) for name, seconds_used in cpu.items()},
        "checks": {
            "users_with_a_result": sum(u.result is not None for u in runs),
            "table_records": len(records),
            "session_and_resume_problems": len(user_problems),
            "table_problems": len(audit),
            "alexa_api_requests": len(api_seen),
            "alexa_api_problems": len(api_audit),
            "problems": (user_problems + audit + api_audit)[:30],
            "ok": not user_problems and not audit and not api_audit and len(records) == users,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users, all at once (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.users < 1:
        parser.error("--users must be at least 1")
    results = run(args.users)
    write_json(args.out, results)
    checks, latency = results["checks"], results["latency_ms"] or {}
    print(f"\n{results['users']} users, {results['requests']} requests in {results['seconds']} s: "
          f"{results['throughput_per_s']} requests/s; latency p50 {latency.get('median')} ms, p99 {latency.get('p99')} ms")
    cpu = results["cpu_ms_per_request"]
    print(f"CPU per request: the skill's endpoint {cpu['serve']} ms, moto (DynamoDB) {cpu['moto']} ms "
          f"(on {results['machine']['cpus']} CPUs, shared with this script)")
    print(f"Checks: {'OK' if checks['ok'] else 'FAILED'}: {checks['users_with_a_result']}/{results['users']} users reached a result, "
          f"{checks['table_records']} records in the table, {checks['session_and_resume_problems']} session or resume problems, "
          f"{checks['table_problems']} table problems, {checks['alexa_api_requests']} Alexa API requests with "
          f"{checks['alexa_api_problems']} problems")
    for problem in checks["problems"]:
        print(f"  {problem}")
    print(f"Written to {args.out}")
    return 0 if checks["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
