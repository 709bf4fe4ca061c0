import pytest
from django.contrib.auth import get_user_model

from iess.appointments import services
from iess.appointments.models import Ticket
from iess.appointments.tests.conftest import at
from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
from iess.registry.demo import demo_person

pytestmark = pytest.mark.django_db

TUESDAY_9 = at(24, 9)


@pytest.fixture
def clerk(turnero):
    user = get_user_model().objects.create_user("clerk", is_staff=True)
    services.membership_set(user=user, agency=turnero.quito)
    return user


def test_check_in_inside_the_window_queues_the_person(book, clock, turnero):
    appointment = book(demo_person("maria"), TUESDAY_9)
    clock.set(at(24, 8, 25))
    with pytest.raises(ServiceError) as early:
        services.appointment_check_in(agency=turnero.quito, scanned=appointment.code)
    assert early.value.code == "too_early" and "08:30" in str(early.value.message)
    clock.set(at(24, 8, 40))
    ticket = services.appointment_check_in(
        agency=turnero.quito, scanned=f"https://iess.example/turnos/x/{appointment.code}/"
    )
    assert ticket.number == "C001" and ticket.kind == "appointment"
    appointment.refresh_from_db()
    assert appointment.status == "checked_in"
    assert (
        services.appointment_check_in(agency=turnero.quito, scanned=appointment.code).pk
        == ticket.pk
    )


def test_check_in_accepts_the_qr_of_the_confirmation_pdf(book, clock, turnero):
    from iess.documents.selectors import document_for_subject

    appointment = book(demo_person("maria"), TUESDAY_9)
    document = document_for_subject(subject=appointment, kind=services.CONFIRMATION_KIND)
    clock.set(at(24, 9))
    ticket = services.appointment_check_in(
        agency=turnero.quito, scanned=f"http://127.0.0.1:8000/verificar/{document.code}/"
    )
    assert ticket.appointment_id == appointment.pk


def test_a_late_arrival_is_told_to_take_a_walk_in_turn(book, clock, turnero):
    appointment = book(demo_person("maria"), TUESDAY_9)
    clock.set(at(24, 9, 16))
    with pytest.raises(ServiceError) as late:
        services.appointment_check_in(agency=turnero.quito, scanned=appointment.code)
    assert late.value.code == "too_late" and "turno presencial" in str(late.value.message)
    ticket = services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="late", booking_code=appointment.code
    )
    assert ticket.kind == "walk_in" and ticket.appointment_id == appointment.pk


def test_check_in_refuses_other_agencies_and_unknown_codes(book, clock, turnero):
    appointment = book(demo_person("maria"), TUESDAY_9)
    clock.set(TUESDAY_9)
    for agency, code in (
        (turnero.guayaquil, appointment.code),
        (turnero.quito, "ZZZZZZZZ"),
        (turnero.quito, "<script>"),
    ):
        with pytest.raises(ServiceError):
            services.appointment_check_in(agency=agency, scanned=code)
    assert not Ticket.objects.exists()


def test_walk_in_turns_only_for_no_id_priority_or_late(turnero):
    maria, rosa = demo_person("maria"), demo_person("rosa")
    with pytest.raises(ServiceError) as must_book:
        services.ticket_issue_walk_in(
            agency=turnero.quito, procedure=turnero.clave, reason="no_id", identity=maria.cedula
        )
    assert must_book.value.code == "must_book_online"
    with pytest.raises(ServiceError):
        services.ticket_issue_walk_in(
            agency=turnero.quito, procedure=turnero.clave, reason="priority", identity=maria.cedula
        )
    older = services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="priority", identity=rosa.cedula
    )
    assert older.priority == "older_adult" and older.number == "P001"  # born 1950
    pregnant = services.ticket_issue_walk_in(
        agency=turnero.quito,
        procedure=turnero.clave,
        reason="priority",
        identity=maria.cedula,
        priority="pregnant",
    )
    assert pregnant.priority == "pregnant" and pregnant.number == "P002"
    no_id = services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="no_id", name="Valentina Rojas"
    )
    assert no_id.number == "A001" and not no_id.is_priority


def test_call_order_priority_then_booked_time_then_arrival(book, clock, turnero, clerk, attentions):
    late_booking = book(demo_person("jose"), at(24, 10, 20))
    early_booking = book(demo_person("maria"), at(24, 10))
    clock.set(at(24, 9, 55))
    walk_in = services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="no_id", name="Sin Documento"
    )
    later_turn = services.appointment_check_in(agency=turnero.quito, scanned=late_booking.code)
    earlier_turn = services.appointment_check_in(agency=turnero.quito, scanned=early_booking.code)
    priority = services.ticket_issue_walk_in(
        agency=turnero.quito,
        procedure=turnero.clave,
        reason="priority",
        name="X",
        priority="disability",
    )
    order = []
    for _ in range(4):
        ticket = services.ticket_call_next(agency=turnero.quito, counter=1, actor=clerk)
        order.append(ticket.pk)
        services.ticket_finish(
            agency=turnero.quito, ticket_id=ticket.pk, attended=True, outcome="ok", actor=clerk
        )
    assert order == [priority.pk, earlier_turn.pk, later_turn.pk, walk_in.pk]
    assert services.ticket_call_next(agency=turnero.quito, counter=1, actor=clerk) is None
    assert len(attentions) == 4
    assert attentions[0]["procedure_slug"] == "clave-patronal-portal"
    assert attentions[0]["channel"] == "counter" and attentions[0]["agency"] == "CAU Quito Norte"
    assert len({call["reference"] for call in attentions}) == 4
    early_booking.refresh_from_db()
    assert early_booking.status == "attended"


def test_console_actions_call_again_transfer_no_show_and_busy_counter(turnero, clerk, attentions):
    first = services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="no_id", name="Uno"
    )
    services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="no_id", name="Dos"
    )
    called = services.ticket_call_next(agency=turnero.quito, counter=1, actor=clerk)
    assert called.pk == first.pk and called.counter == 1
    with pytest.raises(ServiceError) as busy:
        services.ticket_call_next(agency=turnero.quito, counter=1, actor=clerk)
    assert busy.value.code == "counter_busy"
    assert (
        services.ticket_call_again(
            agency=turnero.quito, ticket_id=called.pk, actor=clerk
        ).call_count
        == 2
    )
    moved = services.ticket_transfer(
        agency=turnero.quito, ticket_id=called.pk, counter=3, actor=clerk
    )
    assert moved.counter == 3
    with pytest.raises(ServiceError):
        services.ticket_transfer(agency=turnero.quito, ticket_id=called.pk, counter=99, actor=clerk)
    with pytest.raises(ServiceError):
        services.ticket_finish(
            agency=turnero.quito, ticket_id=called.pk, attended=True, outcome="", actor=clerk
        )
    services.ticket_finish(agency=turnero.quito, ticket_id=called.pk, attended=False, actor=clerk)
    assert Ticket.objects.get(pk=called.pk).status == "no_show"
    assert attentions == []
    assert AuditEntry.objects.filter(action__startswith="appointments.").count() >= 4


def test_staff_of_another_agency_cannot_touch_a_ticket(turnero, clerk):
    ticket = services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="no_id", name="Uno"
    )
    services.ticket_call_next(agency=turnero.quito, counter=1, actor=clerk)
    with pytest.raises(ServiceError):
        services.ticket_finish(
            agency=turnero.guayaquil, ticket_id=ticket.pk, attended=True, outcome="x", actor=clerk
        )
    assert Ticket.objects.get(pk=ticket.pk).status == "called"


def test_an_attention_shows_in_the_procedure_monthly_figures(turnero, clerk):
    from iess.catalog.selectors import procedure_get, transparency_months

    procedure = procedure_get(slug="clave-patronal-portal")

    def november_attentions() -> int:
        months = transparency_months(procedure=procedure)
        return sum(row.attentions for row in months if (row.year, row.month) == (2026, 11))

    before = november_attentions()
    services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="no_id", name="Uno"
    )
    ticket = services.ticket_call_next(agency=turnero.quito, counter=1, actor=clerk)
    services.ticket_finish(
        agency=turnero.quito, ticket_id=ticket.pk, attended=True, outcome="ok", actor=clerk
    )
    assert november_attentions() == before + 1
