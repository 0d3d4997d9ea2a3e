"""One cold start, run by the benchmark in a fresh `python -I -S -B` as Lambda starts a new container.

argv[1] is a JSON object: `path` (folders for sys.path: the code first, then the packages), `module`
(the handler's module), `event` (a file holding the request envelope), `boto3_client` (create one
DynamoDB client before answering, for the floor's "one boto3 client"), `sdk_api_client` (ours calls the
Alexa APIs through the SDK's DefaultApiClient, on `requests`, the candidate it replaced). It imports the handler, answers
the request once and prints one JSON line: the monotonic clock when the answer was ready (the parent
started its clock just before starting this process), when the import was done, the peak RSS, and whether
boto3 was imported.

Before the handler's import, only what the Lambda runtime's own bootstrap has already imported when it
imports a handler (logging, traceback, json; awslambdaric and the older /var/runtime/bootstrap.py both
do), the same for ours and the floor: a bare interpreter would charge the skill for them, Lambda does not.
"""
import json
import logging  # noqa: F401  (loaded by the Lambda runtime before any handler)
import sys
import time
import traceback  # noqa: F401  (likewise)


def main() -> None:
    config = json.loads(sys.argv[1])
    sys.path[:0] = config["path"]
    with open(config["event"], encoding="utf-8") as file:
        event = json.load(file)
    module = __import__(config["module"])
    if config.get("boto3_client"):
        import boto3

        boto3.client("dynamodb")
    if config.get("sdk_api_client"):
        use_sdk_default_api_client()
    imported = time.monotonic()
    response = module.lambda_handler(event, None)
    answered = time.monotonic()
    speech = response["response"]["outputSpeech"]["ssml"]
    print(json.dumps({"answered": answered, "imported": imported, "rss_kb": peak_rss_kb(), "speech": speech[:120],
                      "boto3": "boto3" in sys.modules}))


def use_sdk_default_api_client() -> None:
    """Ours with the SDK's DefaultApiClient in place of skill.alexa_api's own client, as the skill called the
    Settings API before (the SDK's client imported on the first call, `requests` with it; 0.4 s timeouts)."""
    import functools

    from ask_sdk_model.services.api_client import ApiClient
    from skill import alexa_api

    class Candidate(ApiClient):
        def __init__(self, timeout_s):
            self.timeout_s = timeout_s

        def invoke(self, request):
            from ask_sdk_core.api_client import DefaultApiClient

            timeout_s = self.timeout_s

            class Timed(DefaultApiClient):
                def _resolve_method(self, request):
                    return functools.partial(super()._resolve_method(request), timeout=timeout_s)

            return Timed().invoke(request)

    alexa_api.client = functools.cache(Candidate)


def peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM). Not getrusage's ru_maxrss: Linux carries that across
    execve, so it would count the benchmark's own memory from before the fork."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


main()
