"""Real concurrency: 60 threads, each with its own PostgreSQL connection, race for the last two
places of a slot. Exactly those two are taken; nothing else changes."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from iess.appointments import services
from iess.appointments.models import Agency, AgencyService, Appointment, ProcedureType, Slot
from iess.appointments.tests.conftest import at
from iess.core.testing import outcome_codes, run_together
from iess.notifications.models import EmailVerification
from iess.registry.demo import cedula_from
from iess.registry.models import Person
from iess.registry.services import province_sync

CLIENTS = 60


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking")
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_take_exactly_the_free_places(clock):
    province_sync()
    procedure = ProcedureType.objects.create(slug="clave-patronal-portal", name="Clave patronal")
    agency = Agency.objects.create(
        name="CAU Quito Norte", province_id="17", city="Quito", address="x"
    )
    AgencyService.objects.create(agency=agency, procedure=procedure, counters=3, slot_minutes=20)
    starts_at = at(24, 9)
    people = []
    for n in range(CLIENTS + 1):
        person = Person.objects.create(
            cedula=cedula_from(f"17{n:07d}"),
            first_names=f"Persona {n}",
            last_names="Prueba",
            birth_date=datetime.date(1990, 1, 1),
            email=f"p{n}@example.ec",
        )
        verification = EmailVerification.objects.create(
            purpose=f"turnero:{person.pk}",
            email=person.email,
            code_hash="x",
            sent_at=timezone.now(),
            expires_at=timezone.now() + datetime.timedelta(minutes=10),
            verified_at=timezone.now(),
        )
        people.append((person, verification.id))

    def book(person, verification_id):
        return services.appointment_book(
            verification_id=verification_id,
            person=person,
            procedure=procedure,
            agency=agency,
            starts_at=starts_at,
            email=person.email,
            mobile="+593991234567",
            send_confirmation=False,
        )

    book(*people[0])  # one of three places already taken: two are left

    def client(person, verification_id):
        return lambda: book(person, verification_id)

    outcomes = outcome_codes(
        run_together(*(client(*pair) for pair in people[1:])), success="booked"
    )

    # Any failure but a refusal is a bug the test must show.
    assert [code for code in outcomes if code not in ("booked", "no_room")] == []
    assert outcomes.count("booked") == 2
    assert outcomes.count("no_room") == CLIENTS - 2
    slot = Slot.objects.get()
    assert (slot.capacity, slot.booked) == (3, 3)
    assert Appointment.objects.filter(status="booked").count() == 3
    assert Appointment.objects.count() == 3
