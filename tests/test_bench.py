"""The benchmark and the load script run end to end with tiny numbers and write well-formed JSON, with the
fake Alexa API in the path, and the load script's checks catch a leak or a loss. No timing is asserted:
performance is measured by `make bench` and `make load` (README, "Performance"), never in a timed test."""
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from bench import benchmark
from bench.common import Patient
from bench.load import SESSIONS_PER_USER, UserRun, api_problems, audit_table, record_problems, turn_problems

REPO = Path(__file__).resolve().parents[1]


def run_module(module, *args):
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_the_benchmark_runs_end_to_end_and_writes_its_figures(tmp_path):
    out = tmp_path / "latest.json"
    done = run_module("bench.benchmark", "--cold", "1", "--warm", "1", "--no-artifact", "--out", str(out))
    results = json.loads(out.read_text())
    assert set(results["cold_start_ms"]) == {"ours", "ours_sdk_client", "ours_no_token", "floor", "floor_time_zone", "ours_dynamodb",
                                             "ours_dynamodb_returning", "ours_dynamodb_sdk_client", "floor_boto3_client"}
    assert all(v["count"] == 1 and v["median"] > 0 for v in results["cold_start_ms"].values())
    assert all(v > 0 for v in results["peak_rss_kb"].values())
    assert results["warm_us"]["ours_turn"]["count"] == results["warm_us"]["floor_launch"]["count"] > 10
    assert set(results["targets"]) == {"cold_start_no_persistence", "cold_start_dynamodb", "cold_start_dynamodb_returning",
                                       "warm_turn_median", "peak_rss_no_persistence"}
    assert all(isinstance(t["met"], bool) and t["ratio"] > 0 for t in results["targets"].values())
    assert results["artifact"] is None and results["command"].startswith("python -m bench.benchmark")
    assert isinstance(results["cold_start_retaken"], dict)  # what a busy machine made it take again, by variant
    assert "cold start, no persistence" in done.stdout and "ours/floor" in done.stdout and "with DefaultApiClient" in done.stdout
    assert "a returning user" in done.stdout and "the lookup alone" in done.stdout


def test_the_load_run_keeps_every_user_apart_and_writes_its_figures(tmp_path):
    out = tmp_path / "load.json"
    done = run_module("bench.load", "--users", "3", "--out", str(out))
    results = json.loads(out.read_text())
    assert results["checks"]["ok"] is True and results["checks"]["problems"] == []
    assert results["checks"]["users_with_a_result"] == results["checks"]["table_records"] == 3
    assert results["checks"]["alexa_api_requests"] == 3 and results["checks"]["alexa_api_problems"] == 0
    assert results["requests"] == results["latency_ms"]["count"] > 3 * 10
    assert results["throughput_per_s"] > 0 and results["cpu_ms_per_request"]["serve"] > 0
    assert "Checks: OK" in done.stdout


def test_the_load_checks_catch_a_leak_and_a_loss():
    alice, bob = Patient("alice"), Patient("bob")
    questions = ("f_walk_pain", "f_heavy_legs_evening", "f_takes_statin", "f_takes_diuretic", "f_burning_tingling_feet", "r_smoker")
    for patient in (alice, bob):
        for question in questions:
            check = {"question": question}
            patient.said(check, patient.word_for(check))
    assert alice.expected != bob.expected  # each user answers differently, so a leak is visible

    assert turn_problems(alice.expected, {"answers": dict(alice.expected)}, "turn") == []
    assert "answers changed" in turn_problems(alice.expected, {"answers": dict(bob.expected)}, "turn")[0]
    assert "never gave" in turn_problems({}, {"answers": {"f_walk_pain": "yes"}}, "turn")[0]
    assert "lost" in turn_problems(alice.expected, {"answers": {}}, "turn")[0]

    kept = {"progress": {"state": {"answers": dict(alice.expected)}, "saved_at": 1}}
    assert record_problems(kept, alice.expected, None) == []
    corrupted = json.loads(json.dumps(kept))
    corrupted["progress"]["state"]["answers"]["f_walk_pain"] = {"yes": "no", "no": "yes"}[alice.expected["f_walk_pain"]]
    assert record_problems(corrupted, alice.expected, None)
    assert record_problems(None, alice.expected, None) == ["no record in the table"]

    result = {"urgency": "routine", "causes": ["pad"]}
    records = {"key-alice": {"last_result": {"date": "2026-01-01", **result}}, "key-bob": {"last_result": {"date": "2026-01-01", **result}}}
    expected = {"key-alice": result, "key-bob": result}
    assert audit_table(expected, records) == []
    records["key-bob"]["last_result"]["causes"] = ["nerve"]  # Bob's record holds another result
    records["key-alice"]["progress"] = kept["progress"]  # Alice's unfinished check was never cleared
    records["key-carol"] = {"last_result": {"date": "2026-01-01", **result}}  # a record of nobody in the run
    problems = audit_table(expected, records)
    assert len(problems) == 3, problems
    del records["key-bob"]
    assert any("no record" in p for p in audit_table(expected, records))


def test_the_load_checks_catch_an_alexa_api_call_lost_repeated_or_unknown():
    users = [UserRun.number(0), UserRun.number(1)]
    assert users[0].token != users[1].token and users[0].zone != users[1].zone

    def asked(*tokens):
        return [SimpleNamespace(headers={"Authorization": f"Bearer {t}"}) for t in tokens]

    both = [u.token for u in users]  # once each: the second session reads the zone kept in the record
    assert api_problems(users, asked(*both)) == []
    assert api_problems(users, asked(*both[1:])) == [f"user 0: the time zone asked 0 times in {SESSIONS_PER_USER} sessions, not once"]
    assert api_problems(users, asked(*both, users[1].token)) == [f"user 1: the time zone asked 2 times in {SESSIONS_PER_USER} sessions, not once"]
    assert api_problems(users, asked(*both, "someone-else")) == ["the fake Alexa API was asked 1 times with a token of no user"]


def test_a_cold_start_that_took_a_fault_path_is_taken_once_more_and_counted(monkeypatch):
    """A returning user's record read that timed out on a busy machine makes the skill ask Alexa for the zone:
    that sample measures the fault, so it is taken again (and counted); the same twice stops the run."""
    api = SimpleNamespace(fake=SimpleNamespace(requests=[]))
    asks = iter([1, 0, 1, 1])  # calls to the fake made by each cold start, in turn

    def cold_start(config, env):
        api.fake.requests.extend([object()] * next(asks))
        return {"ms": 1.0, "boto3": False}

    monkeypatch.setattr(benchmark, "_one_cold_start", cold_start)
    retaken: dict[str, int] = {}
    assert benchmark._one_checked_cold_start("ours_dynamodb_returning", {}, {}, api, retaken)["ms"] == 1.0
    assert retaken == {"ours_dynamodb_returning": 1}
    with pytest.raises(RuntimeError, match="twice in a row"):
        benchmark._one_checked_cold_start("ours_dynamodb_returning", {}, {}, api, retaken)
