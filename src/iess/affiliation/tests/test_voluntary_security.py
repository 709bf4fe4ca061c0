"""The review's findings on AFÍLIATE Ya: birth-date guessing, the registry contact, rate
limits, contact validation, the quote's month and the Registro Civil's answer."""

import dataclasses
import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from iess.affiliation import voluntary_services as services
from iess.affiliation.models import BirthDateFailure, VoluntaryApplication
from iess.core.errors import ServiceError
from iess.notifications.models import OutboxMessage
from iess.registry import demo as registry_demo
from iess.registry.adapters import civil_registry

pytestmark = pytest.mark.django_db

API = "/api/v1/voluntary-affiliation"
WRONG = datetime.date(1990, 1, 1)


def post(client, path, payload=None):
    return client.post(f"{API}{path}", payload or {}, content_type="application/json")


def guess(person, birth_date):
    application = services.voluntary_application_start(identity=person.cedula)
    services.voluntary_application_confirm_birth_date(
        application_id=application.pk, birth_date=birth_date
    )


def test_birth_date_guessing_is_stopped_per_person_across_applications(carlos):
    for _attempt in range(services.BIRTH_DATE_MAX_FAILURES):
        with pytest.raises(ServiceError) as error:
            guess(carlos, WRONG)  # a new application each time: the count is per person
        assert error.value.code == "birth_date_mismatch"
    with pytest.raises(ServiceError) as error:
        guess(carlos, carlos.birth_date)  # even the right date is refused now
    assert (error.value.code, error.value.status) == ("birth_date_locked", 429)
    assert "24 horas" in str(error.value.message)
    assert "centro de atención" in str(error.value.message)
    assert not VoluntaryApplication.objects.filter(birth_date_confirmed=True).exists()
    # Another person is not affected.
    maria = registry_demo.demo_person("maria")
    with pytest.raises(ServiceError) as error:
        guess(maria, WRONG)
    assert error.value.code == "birth_date_mismatch"
    # After 24 hours the person may try again.
    BirthDateFailure.objects.update(failed_at=timezone.now() - datetime.timedelta(hours=25))
    guess(carlos, carlos.birth_date)


def test_wrong_birth_dates_stay_counted_through_the_api(client, carlos):
    for _attempt in range(services.BIRTH_DATE_MAX_FAILURES + 1):
        application = post(client, "/applications", {"cedula": carlos.cedula}).json()["id"]
        response = post(
            client, f"/applications/{application}/birth-date", {"birth_date": str(WRONG)}
        )
    assert response.status_code == 429
    assert response.json()["code"] == "birth_date_locked"
    assert response.json()["field"] == "birth_date"
    assert BirthDateFailure.objects.filter(person=carlos).count() == 5


def test_registration_keeps_the_registry_contact(carlos, complete_application, outbox):
    """The takeover path: AFÍLIATE Ya must not replace the email /clave/ sends its link to."""
    carlos.email, carlos.mobile, carlos.address = "carlos@registro.ec", "+593990000000", "Quito"
    carlos.save()
    application = complete_application(carlos, email="attacker@example.com")
    voluntary = services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="k-takeover"
    )
    carlos.refresh_from_db()
    assert (carlos.email, carlos.mobile, carlos.address) == (
        "carlos@registro.ec",
        "+593990000000",
        "Quito",
    )
    assert voluntary.email == "attacker@example.com"


def test_registration_leaves_an_empty_registry_email_empty(carlos, complete_application):
    carlos.email = ""
    carlos.save()
    application = complete_application(carlos, email="nuevo@example.com")
    services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="k-empty"
    )
    carlos.refresh_from_db()
    assert carlos.email == ""


# --- rate limits -------------------------------------------------------------------------------


def test_api_start_is_limited_per_address_and_creates_nothing_past_the_limit(client, carlos):
    maria = registry_demo.demo_person("maria")
    for attempt in range(20):
        person = carlos if attempt % 2 else maria
        assert post(client, "/applications", {"cedula": person.cedula}).status_code == 201
    response = post(client, "/applications", {"cedula": carlos.cedula})
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert "Demasiados intentos" in response.json()["detail"]
    assert VoluntaryApplication.objects.count() == 20


def test_api_start_is_limited_per_cedula_from_any_address(client, carlos):
    for attempt in range(10):
        response = client.post(
            f"{API}/applications",
            {"cedula": carlos.cedula},
            content_type="application/json",
            REMOTE_ADDR=f"10.0.0.{attempt}",
        )
        assert response.status_code == 201
    response = client.post(
        f"{API}/applications",
        {"cedula": carlos.cedula},
        content_type="application/json",
        REMOTE_ADDR="10.0.1.1",
    )
    assert response.status_code == 429
    assert VoluntaryApplication.objects.count() == 10


def test_web_start_refusal_keeps_the_input(client, carlos):
    for _attempt in range(20):
        client.post("/afiliacion-voluntaria/", {"identity": carlos.cedula})
    response = client.post("/afiliacion-voluntaria/", {"identity": carlos.cedula})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Demasiados intentos" in html
    assert f'value="{carlos.cedula}"' in html


def _at_contact_step(person):
    application = services.voluntary_application_start(identity=person.cedula)
    services.voluntary_application_confirm_birth_date(
        application_id=application.pk, birth_date=person.birth_date
    )
    services.voluntary_application_set_base(
        application_id=application.pk, declared_base=Decimal("482"), spouse_cover=False
    )
    return application


def test_api_code_sends_are_limited_per_email(client, carlos, django_capture_on_commit_callbacks):
    application = _at_contact_step(carlos)
    contact = {"mobile": "0991112233", "email": "victima@example.com"}
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(5):
            response = post(client, f"/applications/{application.pk}/contact", contact)
            assert response.status_code == 200
        response = post(client, f"/applications/{application.pk}/contact", contact)
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    sent = [m for m in OutboxMessage.objects.all() if "victima@example.com" in m.to]
    assert len(sent) == 5


def test_birth_date_step_is_limited_per_address(client, carlos):
    application = post(client, "/applications", {"cedula": carlos.cedula}).json()["id"]
    for _attempt in range(20):
        response = post(
            client, f"/applications/{uuid.uuid4()}/birth-date", {"birth_date": str(WRONG)}
        )
        assert response.status_code == 404
    response = post(
        client, f"/applications/{application}/birth-date", {"birth_date": str(carlos.birth_date)}
    )
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert not VoluntaryApplication.objects.filter(birth_date_confirmed=True).exists()


# --- input validation ----------------------------------------------------------------------------


@pytest.mark.parametrize("email", ["not an email", "a@b", "x" * 250 + "@example.com"])
def test_contact_email_is_validated_in_the_service(client, carlos, email):
    application = _at_contact_step(carlos)
    response = post(
        client,
        f"/applications/{application.pk}/contact",
        {"mobile": "0991112233", "email": email},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_email"
    assert response.json()["field"] == "email"
    assert not OutboxMessage.objects.exists()


def test_contact_mobile_is_validated_in_the_service(client, carlos):
    application = _at_contact_step(carlos)
    response = post(
        client,
        f"/applications/{application.pk}/contact",
        {"mobile": "12", "email": "carlos@example.com"},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "mobile"


@pytest.mark.parametrize("month", ["9999-12-31", "1900-01-01", "0001-01-01"])
def test_quote_month_out_of_range_is_a_clear_400(client, month):
    response = post(client, "/quote", {"declared_base": "500", "month": month})
    assert response.status_code == 400
    assert response.json()["code"] == "month_out_of_range"
    assert response.json()["field"] == "month"


# --- the Registro Civil's answer ----------------------------------------------------------------


def test_the_birth_date_checked_is_the_civil_registrys(carlos, monkeypatch):
    record = civil_registry().lookup(carlos.cedula)
    registry_date = record.birth_date - datetime.timedelta(days=3)
    adapter = type("Adapter", (), {"lookup": lambda self, cedula: None})()
    adapter.lookup = lambda cedula: dataclasses.replace(record, birth_date=registry_date)
    monkeypatch.setattr(services, "civil_registry", lambda: adapter)
    application = services.voluntary_application_start(identity=carlos.cedula)
    with pytest.raises(ServiceError) as error:
        services.voluntary_application_confirm_birth_date(
            application_id=application.pk, birth_date=carlos.birth_date
        )
    assert error.value.code == "birth_date_mismatch"
    services.voluntary_application_confirm_birth_date(
        application_id=application.pk, birth_date=registry_date
    )


def test_a_cedula_unknown_to_the_civil_registry_is_refused(carlos, monkeypatch):
    adapter = type("Adapter", (), {"lookup": lambda self, cedula: None})()
    monkeypatch.setattr(services, "civil_registry", lambda: adapter)
    with pytest.raises(ServiceError) as error:
        services.voluntary_application_start(identity=carlos.cedula)
    assert error.value.code == "not_in_civil_registry"
    assert not VoluntaryApplication.objects.exists()
