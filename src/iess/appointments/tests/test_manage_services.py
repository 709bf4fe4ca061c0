import datetime

import pytest
from django.core import signing

from iess.appointments import services
from iess.appointments.models import Appointment, Slot
from iess.appointments.tests.conftest import at
from iess.core.errors import ServiceError
from iess.documents.models import IssuedDocument
from iess.registry.demo import demo_person

pytestmark = pytest.mark.django_db

TUESDAY_9 = at(24, 9)


def test_cancel_returns_the_place_at_once_and_emails(
    book, outbox, django_capture_on_commit_callbacks
):
    appointment = book(demo_person("maria"), TUESDAY_9)
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_cancel(appointment=appointment)
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert Slot.objects.get(pk=appointment.slot_id).booked == 0
    assert "cancelado" in outbox.latest(appointment.email, appointment.code).subject
    with pytest.raises(ServiceError):
        services.appointment_cancel(appointment=appointment)
    assert Slot.objects.get(pk=appointment.slot_id).booked == 0


def test_reschedule_moves_the_place(book, outbox):
    appointment = book(demo_person("maria"), TUESDAY_9)
    old_slot = appointment.slot_id
    moved = services.appointment_reschedule(appointment=appointment, starts_at=at(25, 11))
    assert moved.starts_at == at(25, 11) and moved.status == "booked"
    assert Slot.objects.get(pk=old_slot).booked == 0
    assert Slot.objects.get(pk=moved.slot_id).booked == 1


def test_reschedule_to_a_full_or_invalid_time_changes_nothing(book):
    maria_turn = book(demo_person("maria"), TUESDAY_9)
    book(demo_person("jose"), at(25, 9))
    book(demo_person("ana"), at(25, 9))
    for target in (at(25, 9), at(28, 9), at(24, 9, 5)):
        with pytest.raises(ServiceError):
            services.appointment_reschedule(appointment=maria_turn, starts_at=target)
    maria_turn.refresh_from_db()
    assert maria_turn.starts_at == TUESDAY_9
    assert Slot.objects.get(starts_at=TUESDAY_9).booked == 1
    assert Slot.objects.get(starts_at=at(25, 9)).booked == 2


def test_the_manage_link_is_bound_to_the_appointment_and_dies_when_it_starts(book, clock):
    appointment = book(demo_person("maria"), TUESDAY_9)
    token = services.appointment_manage_token(appointment)
    assert services.appointment_from_token(token).pk == appointment.pk
    with pytest.raises(ServiceError):
        services.appointment_from_token(token[:-2] + "xx")
    forged = signing.dumps({"a": appointment.pk + 1, "s": int(TUESDAY_9.timestamp())}, salt="x")
    with pytest.raises(ServiceError):
        services.appointment_from_token(forged)
    clock.set(TUESDAY_9)
    with pytest.raises(ServiceError):
        services.appointment_from_token(token)


def test_a_link_of_the_old_time_dies_after_a_reschedule(book):
    appointment = book(demo_person("maria"), TUESDAY_9)
    token = services.appointment_manage_token(appointment)
    services.appointment_reschedule(appointment=appointment, starts_at=at(25, 11))
    with pytest.raises(ServiceError):
        services.appointment_from_token(token)


def test_the_booking_code_needs_the_matching_identity(book):
    appointment = book(
        demo_person("maria"), TUESDAY_9, holder_identity=demo_person("carlos").cedula
    )
    for identity in (demo_person("maria").cedula, demo_person("carlos").cedula):
        assert (
            services.appointment_for_code_and_identity(
                code=appointment.code.lower(), identity=identity
            ).pk
            == appointment.pk
        )
    with pytest.raises(ServiceError) as refused:
        services.appointment_for_code_and_identity(
            code=appointment.code, identity=demo_person("jose").cedula
        )
    unknown = pytest.raises(ServiceError)
    with unknown as not_found:
        services.appointment_for_code_and_identity(
            code="ABCDEFGH", identity=demo_person("maria").cedula
        )
    assert str(refused.value.message) == str(not_found.value.message)


def test_one_reminder_the_working_day_before(
    book, clock, outbox, django_capture_on_commit_callbacks
):
    tuesday = book(demo_person("maria"), TUESDAY_9)
    later = book(demo_person("jose"), at(26, 9))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.appointment_reminders_send() == 1
        assert services.appointment_reminders_send() == 0
    assert len([m for m in outbox.to(tuesday.email) if "Recordatorio" in m.subject]) == 1
    later.refresh_from_db()
    assert later.reminder_sent_at is None


def test_friday_reminds_the_monday_turns(book, clock):
    monday = book(demo_person("maria"), at(30, 9))
    clock.set(at(27, 9))  # Friday
    assert services.appointment_reminders_send() == 1
    monday.refresh_from_db()
    assert monday.reminder_sent_at is not None


def test_changing_the_hours_lists_and_emails_the_affected_people(
    book, turnero, outbox, django_capture_on_commit_callbacks
):
    early = book(demo_person("maria"), at(24, 8))
    kept = book(demo_person("jose"), at(24, 11))
    with django_capture_on_commit_callbacks(execute=True):
        affected = services.agency_hours_set(
            agency=turnero.quito, weekday=1, opens=datetime.time(10), closes=datetime.time(17)
        )
    assert [a.pk for a in affected] == [early.pk]
    early.refresh_from_db()
    kept.refresh_from_db()
    assert early.status == "booked" and early.affected_at is not None
    assert kept.affected_at is None
    message = outbox.latest(early.email, "necesita un cambio")
    assert "/turnos/gestionar/" in message.body


def test_closing_a_day_lists_the_people_booked_that_day(
    book, turnero, django_capture_on_commit_callbacks
):
    booked = book(demo_person("maria"), TUESDAY_9)
    with django_capture_on_commit_callbacks(execute=True):
        _holiday, affected = services.holiday_create(
            date=datetime.date(2026, 11, 24), name="Cierre por mantenimiento", agency=turnero.quito
        )
    assert [a.pk for a in affected] == [booked.pk]
    assert Appointment.objects.get(pk=booked.pk).status == "booked"


def test_fewer_counters_never_drop_below_what_is_booked(book, turnero):
    book(demo_person("maria"), TUESDAY_9)
    book(demo_person("jose"), TUESDAY_9)
    services.agency_service_set(
        agency=turnero.quito, procedure=turnero.clave, counters=1, slot_minutes=20
    )
    slot = Slot.objects.get(starts_at=TUESDAY_9)
    assert slot.capacity == 2 and slot.booked == 2
    with pytest.raises(ServiceError):
        book(demo_person("ana"), at(24, 9, 20))  # 1 counter: still room for one
        book(demo_person("lucia"), at(24, 9, 20))


def test_deactivating_an_agency_lists_and_emails_its_booked_people(
    book, turnero, outbox, django_capture_on_commit_callbacks
):
    booked = book(demo_person("maria"), TUESDAY_9)
    with django_capture_on_commit_callbacks(execute=True):
        affected = services.agency_update(agency=turnero.quito, is_active=False)
    assert [a.pk for a in affected] == [booked.pk]
    assert outbox.latest(booked.email, "necesita un cambio")
    with pytest.raises(ServiceError):
        book(demo_person("jose"), at(25, 9))


@pytest.mark.parametrize("change", ["cancel", "reschedule"])
def test_the_old_confirmation_is_annulled_when_the_turn_is_cancelled_or_moved(book, client, change):
    appointment = book(demo_person("maria"), TUESDAY_9)
    services.appointment_pdf(appointment)
    document = IssuedDocument.objects.get(kind=services.CONFIRMATION_KIND)
    assert "Documento válido" in client.get(f"/verificar/{document.code}/").content.decode()
    if change == "cancel":
        services.appointment_cancel(appointment=appointment)
    else:
        services.appointment_reschedule(appointment=appointment, starts_at=at(25, 11))
    assert "fue anulado" in client.get(f"/verificar/{document.code}/").content.decode()


def test_a_passport_holder_manages_the_turn_with_the_passport_number(book):
    appointment = book(
        demo_person("maria"),
        TUESDAY_9,
        holder_identity="V-123 4567",
        holder_name="Valentina Pérez",
    )
    for typed in ("V1234567", "v-123 4567"):
        found = services.appointment_for_code_and_identity(code=appointment.code, identity=typed)
        assert found.pk == appointment.pk
    with pytest.raises(ServiceError):
        services.appointment_for_code_and_identity(code=appointment.code, identity="V1234568")
