"""skill.collector.paused: a one-time load runs with the garbage collector paused, and collection is as it
was afterwards, whatever happens in the load; what the load made is frozen (never walked again)."""
import gc

import pytest

from skill.collector import paused


@pytest.fixture(autouse=True)
def collecting_again():
    yield
    gc.enable()


def test_a_load_runs_paused_and_collection_resumes_after_it():
    gc.enable()
    frozen = gc.get_freeze_count()
    with paused():
        assert not gc.isenabled()
        made = [[] for _ in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= frozen + len(made)


def test_collection_resumes_after_a_load_that_fails():
    gc.enable()
    with pytest.raises(ImportError):
        with paused():
            import a_module_that_is_not_there  # noqa: F401
    assert gc.isenabled()


def test_a_collector_already_paused_stays_paused():
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()
