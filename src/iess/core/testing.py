"""Helpers for the tests of every app (not used by the running system)."""

import threading

from django.db import connections


def run_together(*actions) -> list:
    """Runs each action in a thread of its own, all released at the same moment, as several
    people clicking at once would; PostgreSQL tests use it to show that locks and unique
    indexes hold. Returns, in the order the threads finished, each action's result or the
    exception it raised (so a test sees every failure, expected or not). Each thread closes
    its own database connections."""
    barrier = threading.Barrier(len(actions))
    outcomes = []

    def run(action):
        try:
            barrier.wait()
            outcomes.append(action())
        except Exception as error:  # noqa: BLE001 - handed to the test, which asserts on it
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def failures(outcomes: list) -> list[Exception]:
    return [outcome for outcome in outcomes if isinstance(outcome, Exception)]


def outcome_codes(outcomes: list, *, success: str = "ok") -> list[str]:
    """Each outcome as a word: `success` for a result, the code of a ServiceError, and the
    repr of any other exception (which no test expects, so it fails the comparison)."""
    from iess.core.errors import ServiceError

    def code(outcome) -> str:
        if isinstance(outcome, ServiceError):
            return outcome.code
        return repr(outcome) if isinstance(outcome, Exception) else success

    return [code(outcome) for outcome in outcomes]
