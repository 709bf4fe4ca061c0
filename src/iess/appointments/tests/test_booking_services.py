import datetime

import pytest
from django.db import IntegrityError, transaction

from iess.appointments import selectors, services
from iess.appointments.models import Appointment, Holiday, Slot
from iess.appointments.tests.conftest import at
from iess.core.errors import ServiceError
from iess.registry.demo import demo_person

pytestmark = pytest.mark.django_db

TUESDAY_9 = at(24, 9)


def test_booking_takes_one_place_and_sends_the_confirmation_with_pdf_and_ics(book, outbox):
    maria = demo_person("maria")
    appointment = book(maria, TUESDAY_9)
    assert appointment.status == "booked" and appointment.booked_by == maria
    assert appointment.holder == maria and not appointment.is_proxy
    assert Slot.objects.get(pk=appointment.slot_id).booked == 1
    message = outbox.latest(maria.email, "Confirmación del Turno en Línea")
    assert appointment.code in message.body
    assert "24/11/2026" in message.body and "09:00" in message.body
    names = sorted(a.filename for a in message.attachments.all())
    assert names == [f"turno-{appointment.code}.ics", f"turno-{appointment.code}.pdf"]
    ics = next(a for a in message.attachments.all() if a.filename.endswith(".ics"))
    assert b"TZID=America/Guayaquil:20261124T090000" in bytes(ics.content)


def test_capacity_is_never_exceeded_and_the_refusal_uses_the_institution_words(book):
    book(demo_person("maria"), TUESDAY_9)
    book(demo_person("jose"), TUESDAY_9)
    with pytest.raises(ServiceError) as refused:
        book(demo_person("ana"), TUESDAY_9)
    assert refused.value.code == "no_room"
    assert "no cuenta con disponibilidad de turnos" in str(refused.value.message)
    assert Slot.objects.get(starts_at=TUESDAY_9).booked == 2
    assert Appointment.objects.count() == 2


def test_the_database_refuses_an_overbooked_slot(book):
    appointment = book(demo_person("maria"), TUESDAY_9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=appointment.slot_id).update(booked=3)


def test_one_active_appointment_per_holder_and_procedure(book, turnero):
    maria = demo_person("maria")
    book(maria, TUESDAY_9)
    with pytest.raises(ServiceError) as refused:
        book(maria, at(25, 9))
    assert refused.value.code == "already_booked"
    other = book(maria, at(25, 9), procedure=turnero.certificado)
    assert other.status == "booked"


def test_the_database_holds_one_active_appointment_per_holder_and_procedure(book):
    first = book(demo_person("maria"), TUESDAY_9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            code="ZZZZ2222",
            procedure=first.procedure,
            agency=first.agency,
            slot=first.slot,
            starts_at=first.starts_at,
            booked_by=first.booked_by,
            holder_key=first.holder_key,
            holder_name="x",
            email="x@example.ec",
            mobile="+593991234567",
        )


def test_a_retried_request_books_once(book):
    maria = demo_person("maria")
    first = book(maria, TUESDAY_9, idempotency_key="key-123")
    again = book(maria, TUESDAY_9, idempotency_key="key-123")
    assert again.pk == first.pk
    assert Slot.objects.get(starts_at=TUESDAY_9).booked == 1


def test_someone_else_cannot_reuse_an_idempotency_key(book):
    book(demo_person("maria"), TUESDAY_9, idempotency_key="key-123")
    with pytest.raises(ServiceError) as refused:
        book(demo_person("jose"), at(25, 9), idempotency_key="key-123")
    assert refused.value.code == "idempotency_conflict"


@pytest.mark.parametrize(
    "starts_at",
    [
        at(23, 9),  # earlier today: in the past
        at(24, 7, 40),  # before opening
        at(24, 16, 50),  # the turn would end after 17:00
        at(24, 9, 10),  # not a turn time (20-minute turns)
        at(28, 9),  # Saturday: closed
        at(23, 9) + datetime.timedelta(days=32),  # past the 30-day horizon
    ],
)
def test_no_booking_outside_the_schedule(book, starts_at):
    with pytest.raises(ServiceError) as refused:
        book(demo_person("maria"), starts_at)
    assert refused.value.code == "no_room"
    assert not Appointment.objects.exists() and not Slot.objects.exists()


def test_no_booking_on_a_holiday(book, turnero):
    Holiday.objects.create(date=datetime.date(2026, 11, 24), name="Feriado")
    with pytest.raises(ServiceError):
        book(demo_person("maria"), TUESDAY_9)
    Holiday.objects.create(date=datetime.date(2026, 11, 25), agency=turnero.quito, name="Cierre")
    with pytest.raises(ServiceError):
        book(demo_person("maria"), at(25, 9))
    assert book(demo_person("maria"), at(25, 9), agency=turnero.guayaquil).status == "booked"


def test_an_unverified_email_cannot_book(turnero, verify):
    maria, jose = demo_person("maria"), demo_person("jose")
    someone_elses = verify(jose)
    with pytest.raises(ServiceError) as refused:
        services.appointment_book(
            verification_id=someone_elses,
            person=maria,
            procedure=turnero.clave,
            agency=turnero.quito,
            starts_at=TUESDAY_9,
            email=jose.email,
            mobile="+593991234567",
        )
    assert refused.value.code == "not_verified"
    assert not Appointment.objects.exists()


def test_a_proxy_books_for_the_holder_and_both_are_recorded(book):
    maria, carlos = demo_person("maria"), demo_person("carlos")
    appointment = book(maria, TUESDAY_9, holder_identity=carlos.cedula)
    assert appointment.booked_by == maria and appointment.holder == carlos
    assert appointment.is_proxy and appointment.holder_key == carlos.cedula
    by_passport = book(
        maria, at(25, 9), holder_identity="V-12345678", holder_name="Valentina Rojas Pérez"
    )
    assert by_passport.holder is None and by_passport.holder_key == "PAS:V12345678"


def test_a_person_holds_at_most_the_configured_number_of_future_appointments(
    book, turnero, settings
):
    settings.APPOINTMENTS_MAX_FUTURE_PER_PERSON = 2
    maria = demo_person("maria")
    book(maria, TUESDAY_9)
    book(maria, TUESDAY_9, procedure=turnero.certificado)
    with pytest.raises(ServiceError) as refused:
        book(
            maria,
            TUESDAY_9,
            procedure=turnero.procedures["codigo-extranjero-trabajador-independiente"],
        )
    assert refused.value.code == "too_many_appointments"


def test_a_missed_turn_stops_blocking_a_new_booking(book, clock):
    maria = demo_person("maria")
    missed = book(maria, TUESDAY_9)
    clock.set(at(24, 12))
    again = book(maria, at(25, 9))
    missed.refresh_from_db()
    assert missed.status == "no_show" and again.status == "booked"


def test_the_calendar_shows_the_days_with_room(book, turnero, clock):
    days = {
        d.day: d
        for d in selectors.availability_calendar(agency=turnero.quito, procedure=turnero.clave)
    }
    assert days[datetime.date(2026, 11, 28)].free == 0  # Saturday
    monday_left = days[datetime.date(2026, 11, 23)].free  # today after 10:00
    assert monday_left == 2 * 20  # 10:20 to 16:40: starts must be in the future
    assert days[datetime.date(2026, 11, 24)].free == 2 * 27
    book(demo_person("maria"), TUESDAY_9)
    times = selectors.availability_day(
        agency=turnero.quito, procedure=turnero.clave, day=datetime.date(2026, 11, 24)
    )
    free_by_time = {slot.starts_at: slot.free for slot in times}
    assert free_by_time[at(24, 8)] == 2 and free_by_time[TUESDAY_9] == 1
    assert times[-1].starts_at == at(24, 16, 40)


def test_times_are_in_ecuador_whoever_books(book, outbox):
    from django.utils import timezone

    with timezone.override("Asia/Tokyo"):
        appointment = book(demo_person("maria"), TUESDAY_9)
    message = outbox.latest(appointment.email, "Confirmación")
    assert "09:00" in message.body and "23:00" not in message.body


def test_the_calendar_costs_a_fixed_number_of_queries(book, turnero, django_assert_max_num_queries):
    book(demo_person("maria"), TUESDAY_9)
    book(demo_person("jose"), at(25, 9))
    with django_assert_max_num_queries(5):
        days = selectors.availability_calendar(agency=turnero.quito, procedure=turnero.clave)
    assert len(days) == 31
