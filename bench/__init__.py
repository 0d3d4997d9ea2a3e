"""Performance of Leg Cramp Helper (issue 7), measured, never asserted in a timed test.

- `python -m bench.benchmark`: cold start, warm turns, peak memory and artifact size, side by side with
  the smallest ask-sdk-core skill (`bench/floor/hello_world.py`); writes bench/results/latest.json.
- `python -m bench.load`: many simulated users at once through the loopback `serve` endpoint, with the
  DynamoDB store on moto in server mode; checks that no answer leaked and no progress was lost.

README.md, "Performance", has the commands and the latest figures.
"""
