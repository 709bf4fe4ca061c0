import re

import pytest
from django.urls import reverse

from iess.appointments import services
from iess.appointments.models import Appointment, Slot
from iess.appointments.tests.conftest import at
from iess.registry.demo import demo_person

pytestmark = pytest.mark.django_db

TUESDAY_9 = at(24, 9)


def _code(outbox, email):
    return re.search(
        r"\b(\d{6})\b", outbox.latest(email, "Verificar IESS turno online").body
    ).group(1)


def walk_to_summary(client, outbox, person, django_capture_on_commit_callbacks, agency, **contact):
    response = client.post(reverse("appointments:start"), {"identity": person.identity_number})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("appointments:contact"),
            {"email": person.email, "mobile": "0991234567", **contact},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(reverse("appointments:verify"), {"code": _code(outbox, person.email)})
    assert response.url == reverse("appointments:procedure")
    response = client.post(
        reverse("appointments:procedure"), {"province": "17", "procedure": "clave-patronal-portal"}
    )
    assert response.status_code == 302, re.findall(r"errorlist.*", response.content.decode())
    page = client.get(reverse("appointments:agency"))
    assert agency.name in page.content.decode()
    client.post(reverse("appointments:agency"), {"agency": agency.pk})
    page = client.get(reverse("appointments:day"), {"dia": "2026-11-24"})
    html = page.content.decode()
    assert "09:00" in html
    response = client.post(
        reverse("appointments:day") + "?dia=2026-11-24",
        {"start": TUESDAY_9.isoformat(), "dia": "2026-11-24"},
    )
    assert response.url == reverse("appointments:agree")
    assert "¿Está de acuerdo?" in client.get(response.url).content.decode()
    response = client.post(reverse("appointments:agree"), {"answer": "si"})
    assert response.url == reverse("appointments:summary")
    page = client.get(response.url)
    return re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page.content.decode()).group(1)


def test_booking_through_the_pages(client, turnero, outbox, django_capture_on_commit_callbacks):
    maria = demo_person("maria")
    key = walk_to_summary(client, outbox, maria, django_capture_on_commit_callbacks, turnero.quito)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("appointments:summary"), {"idempotency_key": key})
        again = client.post(reverse("appointments:summary"), {"idempotency_key": key})
    appointment = Appointment.objects.get()
    assert Slot.objects.get().booked == 1
    assert again.status_code == 302 and again.url == response.url
    page = client.get(response.url).content.decode()
    assert "Confirmación del Turno en Línea" in page and appointment.code in page
    assert "09:00" in page
    pdf = client.get(response.url + "turno.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    ics = client.get(response.url + "turno.ics")
    assert b"BEGIN:VCALENDAR" in ics.content
    assert outbox.latest(maria.email, "Confirmación del Turno en Línea")


def test_a_wrong_code_is_refused_on_the_same_page(
    client, turnero, outbox, django_capture_on_commit_callbacks
):
    maria = demo_person("maria")
    client.post(reverse("appointments:start"), {"identity": maria.cedula})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("appointments:contact"), {"email": maria.email, "mobile": "0991234567"})
    wrong = "000000" if _code(outbox, maria.email) != "000000" else "111111"
    page = client.post(reverse("appointments:verify"), {"code": wrong})
    assert page.status_code == 200
    assert "Le quedan 4 intentos" in page.content.decode()
    assert client.get(reverse("appointments:procedure")).status_code == 302


def test_bad_identity_gets_a_clear_message(client, turnero):
    page = client.post(reverse("appointments:start"), {"identity": "1234567890"})
    html = page.content.decode()
    assert page.status_code == 200 and "dígito verificador" in html
    assert 'aria-invalid="true"' in html and "1234567890" in html


def test_steps_out_of_order_send_the_person_back(client, turnero):
    for name in ("contact", "verify", "procedure", "agency", "day", "agree", "summary"):
        response = client.get(reverse(f"appointments:{name}"))
        assert response.status_code == 302


def test_a_forged_agency_or_time_changes_nothing(
    client, turnero, outbox, django_capture_on_commit_callbacks
):
    maria = demo_person("maria")
    walk_to_summary(client, outbox, maria, django_capture_on_commit_callbacks, turnero.quito)
    response = client.post(reverse("appointments:agency"), {"agency": turnero.guayaquil.pk})
    assert response.status_code == 200  # not in the province: refused by the form
    response = client.post(
        reverse("appointments:day") + "?dia=2026-11-24", {"start": at(24, 9, 7).isoformat()}
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_full_day_shows_the_institution_message(
    client, turnero, book, outbox, django_capture_on_commit_callbacks
):
    maria = demo_person("maria")
    walk_to_summary(client, outbox, maria, django_capture_on_commit_callbacks, turnero.quito)
    page = client.get(reverse("appointments:day"), {"dia": "2026-11-28"}).content.decode()
    assert "no cuenta con disponibilidad de turnos" in page


def test_the_link_opens_a_page_and_only_a_post_cancels(client, book):
    appointment = book(demo_person("maria"), TUESDAY_9)
    token = services.appointment_manage_token(appointment)
    page = client.get(reverse("appointments:manage", args=[token]))
    assert page.status_code == 200 and appointment.code in page.content.decode()
    assert client.get(reverse("appointments:cancel", args=[token])).status_code == 405
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    response = client.post(reverse("appointments:cancel", args=[token]))
    assert response.status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == "cancelled" and Slot.objects.get().booked == 0
    assert client.get(reverse("appointments:manage", args=[token])).status_code == 404


def test_tampered_links_are_refused(client, book):
    appointment = book(demo_person("maria"), TUESDAY_9)
    token = services.appointment_manage_token(appointment)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "nada", "x" * 300):
        assert client.get(reverse("appointments:manage", args=[bad])).status_code == 404
        assert client.post(reverse("appointments:cancel", args=[bad])).status_code == 404
        assert client.get(reverse("appointments:confirmation_pdf", args=[bad])).status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == "booked"


def test_reschedule_page(client, book):
    appointment = book(demo_person("maria"), TUESDAY_9)
    token = services.appointment_manage_token(appointment)
    url = reverse("appointments:reschedule", args=[token])
    assert "11:00" in client.get(url, {"dia": "2026-11-25"}).content.decode()
    response = client.post(url + "?dia=2026-11-25", {"start": at(25, 11).isoformat()})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.starts_at == at(25, 11)


def test_manage_by_code_and_identity(client, book):
    appointment = book(demo_person("maria"), TUESDAY_9)
    url = reverse("appointments:manage_lookup")
    refused = client.post(url, {"code": appointment.code, "identity": demo_person("jose").cedula})
    assert refused.status_code == 200 and "No existe un turno" in refused.content.decode()
    response = client.post(url, {"code": appointment.code, "identity": demo_person("maria").cedula})
    assert response.status_code == 302 and "/turnos/gestionar/" in response.url


def test_the_display_shows_calls_and_refreshes_itself(client, turnero, clock):
    from django.contrib.auth import get_user_model

    clerk = get_user_model().objects.create_user("c", is_staff=True)
    services.ticket_issue_walk_in(
        agency=turnero.quito, procedure=turnero.clave, reason="no_id", name="Uno"
    )
    services.ticket_call_next(agency=turnero.quito, counter=2, actor=clerk)
    html = client.get(reverse("appointments:display", args=[turnero.quito.pk])).content.decode()
    assert 'http-equiv="refresh"' in html and "A001" in html and "Uno" not in html


def test_the_portal_lists_the_persons_appointments(client, book):
    from iess.accounts.services import portal_account_set_password

    maria = demo_person("maria")
    appointment = book(maria, TUESDAY_9)
    portal_account_set_password(person=maria, password="Clave-Segura-2026")
    client.post(
        reverse("portal:login"), {"identity": maria.cedula, "password": "Clave-Segura-2026"}
    )
    html = client.get(reverse("portal:home")).content.decode()
    assert appointment.code in html and "/turnos/gestionar/" in html


def test_english_pages(client, turnero):
    client.post(reverse("set_language"), {"language": "en", "next": "/turnos/"})
    html = client.get(reverse("appointments:start")).content.decode()
    assert "Search" in html


def test_resending_the_code_is_throttled(
    client, turnero, outbox, django_capture_on_commit_callbacks
):
    maria = demo_person("maria")
    client.post(reverse("appointments:start"), {"identity": maria.cedula})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("appointments:contact"), {"email": maria.email, "mobile": "0991234567"})
    page = client.post(reverse("appointments:verify"), {"resend": "1"})
    assert "Espere" in page.content.decode()
    assert len(outbox.to(maria.email)) == 1
