"""Tests never touch the real home folder or AWS: the skill's store is the in-memory one unless a test says otherwise."""
import os

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("LEG_CRAMP_STORE", "memory")

from support.fake_alexa_api import alexa_api, alexa_api_certificate  # noqa: E402,F401  (fixtures)

# Property-based tests: no example database written into the work tree, no per-example deadline (the
# machine is shared and timing is not what they test); seeds are set by each test (support/fuzz_seeds.py).
settings.register_profile(
    "leg-cramp-helper", database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.load_profile("leg-cramp-helper")


def pytest_report_header(config):
    from support.fuzz_seeds import describe

    return describe()


@pytest.fixture(autouse=True, scope="session")
def no_network_but_loopback():
    """No test reaches the network: in this process a connection or name lookup anywhere but loopback fails
    at once instead of waiting on a timeout (request envelopes carry Alexa's apiEndpoint, for one)."""
    from support.turn_checks import no_network

    with no_network():
        yield
