"""A change of hours, closures or services reads each agency's schedule once."""

import datetime

import pytest

from iess.appointments import services
from iess.appointments.models import Appointment
from iess.appointments.tests.conftest import at
from iess.registry.demo import demo_person

pytestmark = pytest.mark.django_db


def test_the_affected_scan_reads_each_schedule_once(
    book, turnero, django_assert_max_num_queries, outbox
):
    people = ["maria", "jose", "ana", "diego", "lucia", "pedro"]
    for n, key in enumerate(people):
        book(
            demo_person(key),
            at(24 + n % 3, 9 + n),
            agency=turnero.quito if n % 2 else turnero.guayaquil,
        )
    # Every turn stays scheduled: a constant number of reads, none per booked turn.
    with django_assert_max_num_queries(8):
        affected = services.schedule_change_apply(agency=None, reason="revisión")
    assert affected == []
    services.holiday_create(date=datetime.date(2026, 11, 25), name="Feriado local")
    marked = Appointment.objects.filter(affected_at__isnull=False)
    assert sorted(a.starts_at for a in marked) == [at(25, 10), at(25, 13)]
