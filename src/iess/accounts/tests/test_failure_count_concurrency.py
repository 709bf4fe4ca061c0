import pytest
from django.db import connection

from iess.accounts.models import ClaveState
from iess.accounts.services import clave_failure_record
from iess.core.testing import failures, run_together


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_answers_are_all_counted(demo):
    rosa = demo("rosa")
    outcomes = run_together(*[lambda: clave_failure_record(person=rosa)] * 6)
    assert not failures(outcomes)
    state = ClaveState.objects.get(person=rosa)
    # Five failures block; the sixth finds the clave already blocked and counts nothing more.
    assert state.failures == 5
    assert state.is_blocked
