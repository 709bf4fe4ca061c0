import threading

import pytest
from django.db import connection

from iess.accounts.models import ClaveState
from iess.accounts.services import clave_failure_record


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_answers_are_all_counted(demo):
    rosa = demo("rosa")
    barrier = threading.Barrier(6)
    errors = []

    def fail_once():
        try:
            barrier.wait()
            clave_failure_record(person=rosa)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=fail_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    state = ClaveState.objects.get(person=rosa)
    # Five failures block; the sixth finds the clave already blocked and counts nothing more.
    assert state.failures == 5
    assert state.is_blocked
