import uuid

import pytest
from django.db import connection

from iess.affiliation import voluntary_services as services
from iess.affiliation.models import Affiliation, VoluntaryAffiliation
from iess.affiliation.tests.conftest import code_from
from iess.core.testing import failures, run_together

API = "/api/v1/voluntary-affiliation"


def post(client, path, payload=None, **headers):
    return client.post(f"{API}{path}", payload or {}, content_type="application/json", **headers)


@pytest.mark.django_db
def test_api_flow(client, carlos, outbox, django_capture_on_commit_callbacks):
    response = post(client, "/applications", {"cedula": carlos.cedula})
    assert response.status_code == 201
    application = response.json()["id"]
    assert response.json()["next_step"] == "birth_date"

    response = post(client, f"/applications/{application}/birth-date", {"birth_date": "2000-01-01"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "birth_date_mismatch",
        "detail": "La fecha de nacimiento no coincide con la registrada en el Registro Civil.",
        "field": "birth_date",
    }
    post(client, f"/applications/{application}/birth-date", {"birth_date": str(carlos.birth_date)})

    response = post(client, f"/applications/{application}/contribution", {"declared_base": "470"})
    assert response.json()["code"] == "base_below_sbu"
    response = post(client, f"/applications/{application}/contribution", {"declared_base": "482"})
    assert response.json()["total"] == "84.83"

    with django_capture_on_commit_callbacks(execute=True):
        post(
            client,
            f"/applications/{application}/contact",
            {"mobile": "0991112233", "email": "carlos@example.ec"},
        )
    code = code_from(outbox, "carlos@example.ec")
    response = post(client, f"/applications/{application}/email-code", {"code": code})
    assert response.json()["next_step"] == "residence"
    response = post(
        client,
        f"/applications/{application}/residence",
        {
            "resident_in_ecuador": False,
            "residence_country": "USA",
            "address_abroad": "1 Main St, Miami",
            "religion": "catholic",
            "home_address": "Quito",
        },
    )
    assert response.json()["next_step"] == "terms"
    assert (
        post(client, f"/applications/{application}/accept", {"accept_terms": True}).json()["code"]
        == "idempotency_key_missing"
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = post(
            client,
            f"/applications/{application}/accept",
            {"accept_terms": True},
            HTTP_IDEMPOTENCY_KEY="abc",
        )
    retried = post(
        client,
        f"/applications/{application}/accept",
        {"accept_terms": True},
        HTTP_IDEMPOTENCY_KEY="abc",
    )
    assert first.status_code == retried.status_code == 201
    assert first.json() == retried.json()
    assert first.json()["kind"] == "voluntary"
    assert first.json()["monthly_total"] == "84.83"
    assert Affiliation.objects.filter(person=carlos).count() == 1
    assert outbox.latest("carlos@example.ec", "Aviso de entrada").attachments.count() == 1


@pytest.mark.django_db
def test_api_quote_and_terms(client):
    response = post(
        client, "/quote", {"declared_base": "650", "spouse_cover": True, "month": "2026-05-01"}
    )
    assert response.json()["spouse_amount"] == "22.17"
    assert response.json()["due_date"] == "2026-06-15"
    terms = client.get(f"{API}/terms").json()
    assert any("15" in section["text"] for section in terms["sections"])
    assert client.get(f"{API}/terms", HTTP_ACCEPT_LANGUAGE="en").status_code == 200


@pytest.mark.django_db
def test_api_unknown_application_is_404(client):
    response = post(
        client, f"/applications/{uuid.uuid4()}/birth-date", {"birth_date": "2000-01-01"}
    )
    assert response.status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_submits_register_one_affiliation(carlos, complete_application):
    application = complete_application(carlos)

    def submitting(key):
        return lambda: (
            services.voluntary_affiliation_register(
                application_id=application.pk, accept_terms=True, idempotency_key=key
            ).pk
        )

    # Three double-submits of the same form (same key) and three retries with fresh keys.
    keys = ["same", "same", "same", "r1", "r2", "r3"]
    results = run_together(*(submitting(key) for key in keys))
    assert failures(results) == []
    assert len(set(results)) == 1
    assert Affiliation.objects.filter(person=carlos, kind="voluntary").count() == 1
    assert VoluntaryAffiliation.objects.filter(person=carlos).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_of_one_person_register_one(carlos, complete_application):
    applications = [complete_application(carlos, email=f"c{i}@example.ec") for i in range(4)]

    def submitting(application):
        return lambda: (
            services.voluntary_affiliation_register(
                application_id=application.pk,
                accept_terms=True,
                idempotency_key=str(application.pk),
            ).pk
        )

    results = run_together(*(submitting(application) for application in applications))
    assert failures(results) == []
    assert len(set(results)) == 1
    assert Affiliation.objects.filter(person=carlos, kind="voluntary").count() == 1


@pytest.mark.django_db
def test_an_application_that_loses_the_race_between_two_checks_answers_with_the_winner(
    carlos, complete_application, monkeypatch, django_capture_on_commit_callbacks
):
    """On PostgreSQL the winner may commit after the loser's "any active voluntary?" read and
    before its eligibility check; the loser must answer with the winner's affiliation, not
    refuse the person for having one."""
    first, second = (complete_application(carlos, email=f"c{i}@example.ec") for i in range(2))
    with django_capture_on_commit_callbacks(execute=True):
        winner = services.voluntary_affiliation_register(
            application_id=first.pk, accept_terms=True, idempotency_key=str(first.pk)
        )
    reads = iter([None])
    real_active_get = services.voluntary_affiliation_active_get
    monkeypatch.setattr(
        services,
        "voluntary_affiliation_active_get",
        lambda *, person_id: next(reads, real_active_get(person_id=person_id)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        loser = services.voluntary_affiliation_register(
            application_id=second.pk, accept_terms=True, idempotency_key=str(second.pk)
        )
    assert loser.pk == winner.pk
    assert Affiliation.objects.filter(person=carlos, kind="voluntary").count() == 1
