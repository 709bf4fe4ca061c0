"""Who can start a booking and where its email code goes (DESIGN §3a: an email code so
nobody books in another person's name)."""

import re

import pytest
from django.urls import reverse

from iess.appointments import services
from iess.appointments.tests.conftest import at
from iess.core.errors import ServiceError
from iess.registry.demo import demo_person
from iess.registry.models import Person

pytestmark = pytest.mark.django_db

API = "/api/v1/appointments"


def test_the_contact_step_shows_the_name_but_never_the_registered_contact_data(client, turnero):
    maria = demo_person("maria")
    client.post(reverse("appointments:start"), {"identity": maria.cedula})
    html = client.get(reverse("appointments:contact")).content.decode()
    assert maria.full_name in html
    assert maria.email not in html and maria.mobile not in html
    assert maria.mobile.removeprefix("+593") not in html
    assert 'value="' not in re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    assert "m***@example.ec" in html


def test_the_api_answers_a_verification_with_neither_name_nor_address(
    client, turnero, outbox, django_capture_on_commit_callbacks
):
    maria = demo_person("maria")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/verifications",
            {"identity": maria.cedula, "email": maria.email.upper(), "mobile": "0991234567"},
            content_type="application/json",
        )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"verification_id", "email"} and body["email"] == "m***@example.ec"
    assert maria.first_names not in response.content.decode()
    code = re.search(r"\b(\d{6})\b", outbox.latest(maria.email, "Verificar").body).group(1)
    check = client.post(
        f"{API}/verifications/{body['verification_id']}/check",
        {"code": code},
        content_type="application/json",
    )
    assert check.json() == {"verified": True, "name": maria.full_name}


def test_the_code_goes_only_to_the_registered_email(
    turnero, outbox, django_capture_on_commit_callbacks
):
    maria = demo_person("maria")
    with pytest.raises(ServiceError) as refused:
        services.appointment_verification_start(
            person=maria, email="someone.else@example.ec", mobile="0991234567"
        )
    assert refused.value.field == "email" and refused.value.code == "email_not_registered"
    assert "m***@example.ec" in str(refused.value.message)
    assert "portal" in str(refused.value.message)
    assert outbox.to("someone.else@example.ec") == []
    with django_capture_on_commit_callbacks(execute=True):
        verification, _mobile = services.appointment_verification_start(
            person=maria, email=maria.email.upper(), mobile="0991234567"
        )
    assert verification.email == maria.email
    assert outbox.latest(maria.email, "Verificar IESS turno online")


def test_without_an_email_on_file_the_typed_address_gets_the_code(
    turnero, outbox, django_capture_on_commit_callbacks
):
    Person.objects.filter(pk=demo_person("jose").pk).update(email="")
    jose = demo_person("jose")
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_verification_start(
            person=jose, email="jose.nuevo@example.ec", mobile="0991234567"
        )
    assert outbox.latest("jose.nuevo@example.ec", "Verificar IESS turno online")


def test_the_contact_page_refuses_another_address_keeping_what_was_typed(client, turnero, outbox):
    maria = demo_person("maria")
    client.post(reverse("appointments:start"), {"identity": maria.cedula})
    page = client.post(
        reverse("appointments:contact"),
        {"email": "intruso@example.ec", "mobile": "0991234567"},
    )
    html = page.content.decode()
    assert page.status_code == 200 and "m***@example.ec" in html
    assert 'value="intruso@example.ec"' in html
    assert outbox.to("intruso@example.ec") == []


def test_a_proxy_books_with_a_code_sent_to_their_own_registered_email(turnero, verify):
    maria = demo_person("maria")
    with pytest.raises(ServiceError):
        services.appointment_verification_start(
            person=maria, email=demo_person("jose").email, mobile="0991234567"
        )
    appointment = services.appointment_book(
        verification_id=verify(maria),
        person=maria,
        procedure=turnero.clave,
        agency=turnero.quito,
        starts_at=at(24, 9),
        email=maria.email,
        mobile="0991234567",
        holder_identity=demo_person("jose").cedula,
    )
    assert appointment.is_proxy and appointment.email == maria.email


def test_a_verification_of_an_address_no_longer_on_file_books_nothing(turnero, verify):
    maria = demo_person("maria")
    verification_id = verify(maria)
    Person.objects.filter(pk=maria.pk).update(email="maria.nueva@example.ec")
    maria.refresh_from_db()
    with pytest.raises(ServiceError) as refused:
        services.appointment_book(
            verification_id=verification_id,
            person=maria,
            procedure=turnero.clave,
            agency=turnero.quito,
            starts_at=at(24, 9),
            email="maria.andrade@example.ec",
            mobile="0991234567",
        )
    assert refused.value.code == "not_verified"


def test_a_cedula_the_civil_registry_does_not_know_is_refused(client, turnero, monkeypatch):
    class CivilRegistryWithoutRecords:
        def lookup(self, cedula):
            return None

    monkeypatch.setattr(services, "civil_registry", CivilRegistryWithoutRecords)
    maria = demo_person("maria")
    with pytest.raises(ServiceError) as refused:
        services.booker_identify(maria.cedula)
    assert refused.value.code == "identity_not_found"
    page = client.post(reverse("appointments:start"), {"identity": maria.cedula})
    assert page.status_code == 200 and "No encontramos" in page.content.decode()
    # A foreigner code is the IESS's own: the Registro Civil is not asked.
    john = demo_person("john")
    assert services.booker_identify(john.foreigner_code).pk == john.pk
