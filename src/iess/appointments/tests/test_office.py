import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from iess.accounts.roles import Role
from iess.accounts.services import staff_user_create
from iess.appointments import services
from iess.appointments.models import Ticket
from iess.appointments.tests.conftest import at
from iess.registry.demo import demo_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, turnero):
    user = staff_user_create(
        username="ventanilla", password="x-Demo-2026", role=Role.COUNTER_CLERK, province_code="17"
    )
    services.membership_set(user=user, agency=turnero.quito)
    client.force_login(user)
    return client


def test_console_calls_and_attends(clerk_client, turnero, attentions):
    services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="no_id", name="Uno"
    )
    html = clerk_client.get(reverse("appointments_office:console")).content.decode()
    assert "A001" in html and "CAU Quito Norte" in html
    clerk_client.post(reverse("appointments_office:call_next"))
    ticket = Ticket.objects.get()
    assert ticket.status == "called" and ticket.counter == 1
    clerk_client.post(
        reverse("appointments_office:ticket_action", args=[ticket.pk, "attend"]),
        {"outcome": "Clave entregada"},
    )
    ticket.refresh_from_db()
    assert ticket.status == "attended" and ticket.outcome == "Clave entregada"
    assert len(attentions) == 1


def test_kiosk_and_walk_in_pages(clerk_client, turnero, book, clock):
    appointment = book(demo_person("maria"), at(24, 9))
    late = book(demo_person("jose"), at(24, 9, 20))
    clock.set(at(24, 8, 45))
    clerk = get_user_model().objects.get(username="ventanilla")
    clerk_client.force_login(clerk)  # the frozen clock jumped past the session's age
    html = clerk_client.post(
        reverse("appointments_office:kiosk"), {"scanned": appointment.code}
    ).content.decode()
    assert "C001" in html
    clock.set(at(24, 10))
    clerk_client.force_login(clerk)
    html = clerk_client.post(
        reverse("appointments_office:kiosk"), {"scanned": late.code}
    ).content.decode()
    assert "turno presencial" in html
    html = clerk_client.post(
        reverse("appointments_office:walk_in"),
        {
            "reason": "priority",
            "procedure": "clave-patronal-portal",
            "identity": demo_person("rosa").cedula,
        },
    ).content.decode()
    assert "P001" in html


def test_staff_without_agency_or_role_are_refused(client, turnero):
    outsider = get_user_model().objects.create_user("otro", is_staff=True)
    client.force_login(outsider)
    assert client.get(reverse("appointments_office:console")).status_code == 403
    assert client.post(reverse("appointments_office:call_next")).status_code == 403


def test_a_clerk_cannot_act_on_another_agencys_ticket(clerk_client, turnero):
    other = services.ticket_issue_walk_in(
        agency=turnero.guayaquil, procedure=turnero.clave, reason="no_id", name="Xavier"
    )
    clerk_client.post(reverse("appointments_office:ticket_action", args=[other.pk, "no_show"]))
    other.refresh_from_db()
    assert other.status == "waiting"


def test_backoffice_links(clerk_client):
    html = clerk_client.get(reverse("backoffice:home")).content.decode()
    assert reverse("appointments_office:console") in html


def test_the_reminder_command_is_idempotent(
    book, outbox, clock, django_capture_on_commit_callbacks
):
    appointment = book(demo_person("maria"), at(24, 9))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("appointments_send_reminders")
        call_command("appointments_send_reminders", "--now")
    reminders = [m for m in outbox.to(appointment.email) if "Recordatorio" in m.subject]
    assert len(reminders) == 1


def test_admin_change_of_hours_lists_the_affected_people(client, turnero, book):
    import datetime

    admin = staff_user_create(username="admin", password="x-Demo-2026", role=Role.ADMINISTRATOR)
    client.force_login(admin)
    appointment = book(demo_person("maria"), at(24, 8))
    services.agency_hours_materialize(turnero.quito)
    hours = turnero.quito.hours.get(weekday=1)
    response = client.post(
        reverse("admin:appointments_openinghours_change", args=[hours.pk]),
        {"agency": turnero.quito.pk, "weekday": 1, "opens": "10:00", "closes": "17:00"},
        follow=True,
    )
    assert appointment.code in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.affected_at is not None and appointment.status == "booked"
    assert hours.__class__.objects.get(pk=hours.pk).opens == datetime.time(10)


def test_admin_closure_lists_the_affected_people(client, turnero, book):
    admin = staff_user_create(username="admin", password="x-Demo-2026", role=Role.ADMINISTRATOR)
    client.force_login(admin)
    appointment = book(demo_person("maria"), at(24, 9))
    response = client.post(
        reverse("admin:appointments_holiday_add"),
        {"date": "2026-11-24", "agency": turnero.quito.pk, "name": "Cierre"},
        follow=True,
    )
    assert appointment.code in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.affected_at is not None and appointment.status == "booked"
