"""What the benchmark and the load script share: simulated users, local DynamoDB, statistics, progress.

Nothing heavy is imported here at module level (no boto3, no moto): the warm-turn child imports this
module and must measure the skill, not the benchmark.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
TEMPLATE = REPO / "template.yaml"

LOOPBACK = "127.0.0.1"
REGION = "us-east-1"
TABLE_NAME = "leg-cramp-helper-bench"
# The key the skill hashes user ids with here; a real deployment has its own (a NoEcho stack parameter).
USER_KEY_SECRET = "bench-secret-not-for-production"
# What Alexa puts in System.apiAccessToken is a signed JWT of about 900 characters; this one is as long.
API_ACCESS_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ." + "QmVuY2htYXJr" * 70 + ".c2lnbmF0dXJl"
# moto accepts any credentials; these keep boto3 from looking for real ones (and from ~/.aws).
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


# -- statistics ------------------------------------------------------------------------------------

def percentile(samples: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least `fraction` of the samples at or below it."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(samples: Sequence[float], digits: int = 2) -> dict[str, Any]:
    return {
        "median": round(statistics.median(samples), digits),
        "p99": round(percentile(samples, 0.99), digits),
        "min": round(min(samples), digits),
        "count": len(samples),
    }


def ratio(ours: float, floor: float) -> float:
    return round(ours / floor, 3)


def progress(message: str) -> None:
    """One line of progress on stderr (stdout carries the results)."""
    print(message, file=sys.stderr, flush=True)


def git_version() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        except OSError:  # no git here: the figures still count, only unlabelled
            return ""
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--", "lambda", "content", "bench", ":!bench/results")
    return {"commit": git("rev-parse", "--short", "HEAD") or "unknown", "uncommitted_changes": bool(changed)}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a running process has used so far, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


# -- a simulated user ------------------------------------------------------------------------------

# What a patient says to each kind of question, as typed words (resolved like the chat resolves them).
# No cramp right now (the check), nothing to describe (the questions instead), and no reminder after the result.
PROMPT_WORDS = {"start_check": "yes", "resume": "yes", "repeat_result": "no", "cramp_now": "no", "describe": "no",
                "offer_reminder": "no"}
# The words a patient picks from for its own answers, and what the bank counts each one as.
ANSWER_WORDS = ("yes", "no", "no", "sometimes")
COUNTS_AS = {"yes": "yes", "no": "no", "sometimes": "yes"}


@dataclass
class Patient:
    """A user with answers of its own: each question's word comes from a hash of the user's name and the
    question, so two patients answer differently and a leaked answer shows up as a wrong one.

    Red flags are always "no", so every check goes the whole way to a result instead of stopping at an
    emergency. `expected` is every answer this patient has given so far, as the skill should record it.
    """

    name: str
    expected: dict[str, str] = field(default_factory=dict)

    def word_for(self, check: dict[str, Any]) -> str:
        """What this patient says to the pending question of the session's state (`check`)."""
        question = check["question"]
        if question in PROMPT_WORDS:
            return PROMPT_WORDS[question]
        features = check.get("question_features") or [question]
        if all(f.startswith("rf_") for f in features):
            return "no"
        digest = hashlib.sha256(f"{self.name}:{question}".encode()).digest()
        return ANSWER_WORDS[digest[0] % len(ANSWER_WORDS)]

    def said(self, check: dict[str, Any], word: str) -> None:
        """Remember the answer just given, for each feature the question asked about. A grouped question's
        yes says only that one of its features is true, so the skill records it for the group, not for them."""
        if check["question"] in PROMPT_WORDS:
            return
        grouped = check.get("question_features")
        if grouped and COUNTS_AS[word] == "yes":
            return
        for feature in grouped or [check["question"]]:
            self.expected[feature] = COUNTS_AS[word]


def requests_by_word() -> dict[str, dict[str, Any]]:
    """Each word a patient says, as the request Alexa would send: through the en-US interaction model, as in the chat."""
    from local.utterances import load_resolver

    resolver = load_resolver("en-US")
    return {word: resolver.resolve(word).request() for word in {*PROMPT_WORDS.values(), *ANSWER_WORDS, "stop"}}


# -- a local DynamoDB --------------------------------------------------------------------------------

class MotoServer:
    """moto in server mode on 127.0.0.1 in its own process; it stops when this process closes its stdin."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.moto_server"],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, **FAKE_AWS},
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line.startswith("port "):
            self.stop()
            raise RuntimeError(f"moto server did not start (said {line!r})")
        self.endpoint = f"http://{LOOPBACK}:{int(line.split()[1])}"

    def env(self) -> dict[str, str]:
        """What the skill needs to use this server as its DynamoDB."""
        return {**FAKE_AWS, "AWS_ENDPOINT_URL_DYNAMODB": self.endpoint, "TABLE_NAME": TABLE_NAME, "USER_KEY_SECRET": USER_KEY_SECRET}

    def client(self) -> Any:
        return self._session().client("dynamodb", endpoint_url=self.endpoint)

    def resource(self) -> Any:
        return self._session().resource("dynamodb", endpoint_url=self.endpoint)

    def _session(self) -> Any:
        import boto3

        return boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)

    def create_table(self, name: str = TABLE_NAME) -> None:
        """The table as template.yaml declares it (key, billing, encryption, TTL)."""
        from samtranslator.yaml_helper import yaml_parse

        properties = yaml_parse(TEMPLATE.read_text(encoding="utf-8"))["Resources"]["SkillTable"]["Properties"]
        client = self.client()
        client.create_table(
            TableName=name,
            KeySchema=properties["KeySchema"],
            AttributeDefinitions=properties["AttributeDefinitions"],
            BillingMode=properties["BillingMode"],
            SSESpecification={"Enabled": properties["SSESpecification"]["SSEEnabled"]},
        )
        client.get_waiter("table_exists").wait(TableName=name)
        client.update_time_to_live(TableName=name, TimeToLiveSpecification=properties["TimeToLiveSpecification"])

    def stop(self) -> None:
        if self.process.poll() is None:
            if self.process.stdin:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> MotoServer:
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop()


# -- a fake Alexa API -------------------------------------------------------------------------------------

class AlexaApi:
    """The fake Alexa API (local/fake_alexa_api.py) on 127.0.0.1 over TLS, served from this process, and the
    environment that lets a skill in another process trust it.

    The trust given is the system's roots plus the fake's throwaway certificate, in the form the system
    keeps them: where it has a hashed directory of roots (Debian, Ubuntu), SSL_CERT_DIR names a copy of
    that layout with the fake's certificate added, and SSL_CERT_FILE is emptied, so the skill reads only
    the root the handshake needs, as it would from the system's own (skill.alexa_api.ssl_context);
    elsewhere SSL_CERT_FILE names the system's bundle plus the certificate, which a client parses whole
    (about 140 roots, most of the cost of its first TLS connection). `requests` gets REQUESTS_CA_BUNDLE,
    on certifi's roots as it has by default.
    """

    def __init__(self, folder: Path) -> None:
        import ssl

        import certifi

        from local.fake_alexa_api import FakeAlexaApi, make_certificate
        from skill.alexa_api import system_hashed_roots

        certificate = make_certificate(folder)
        paths = ssl.get_default_verify_paths()
        system_directory = system_hashed_roots()
        if system_directory:
            self.trust = {"SSL_CERT_DIR": str(certificate.hashed_directory(folder / "trust-system", system_directory)), "SSL_CERT_FILE": ""}
        else:
            self.trust = {"SSL_CERT_FILE": _bundle(folder / "trust-system.pem", Path(paths.cafile or paths.openssl_cafile), certificate.cert_file)}
        self.trust["REQUESTS_CA_BUNDLE"] = _bundle(folder / "trust-certifi.pem", Path(certifi.where()), certificate.cert_file)
        self.fake = FakeAlexaApi(certificate).start()
        self.url = self.fake.url

    def env(self) -> dict[str, str]:
        return dict(self.trust)

    def stop(self) -> None:
        self.fake.stop()

    def __enter__(self) -> AlexaApi:
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop()


def _bundle(out: Path, roots: Path, certificate: Path) -> str:
    out.write_bytes(roots.read_bytes().rstrip(b"\n") + b"\n" + certificate.read_bytes())
    return str(out)


def wait_for(predicate: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)
