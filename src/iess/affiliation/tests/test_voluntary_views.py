import re

import pytest
from django.urls import reverse

from iess.accounts.services import portal_account_set_password
from iess.affiliation import voluntary_services as services
from iess.affiliation.models import Affiliation, VoluntaryBaseChange
from iess.affiliation.tests.conftest import code_from

pytestmark = pytest.mark.django_db


def url(name):
    return reverse(f"affiliation:{name}")


def walk_to_terms(client, person, outbox, capture, *, email="carlos@example.ec"):
    response = client.post(url("voluntary_start"), {"identity": person.cedula})
    assert response.status_code == 302
    client.post(url("voluntary_birth_date"), {"birth_date": person.birth_date.isoformat()})
    response = client.post(url("voluntary_base"), {"declared_base": "482", "spouse_cover": "on"})
    assert "USD 101.27" in response.content.decode()
    with capture(execute=True):
        client.post(url("voluntary_contact"), {"mobile": "0991112233", "email": email})
    client.post(url("voluntary_code"), {"code": code_from(outbox, email)})
    response = client.post(
        url("voluntary_residence"),
        {
            "resident": "no",
            "residence_country": "ESP",
            "address_abroad": "Calle Mayor 1, Madrid",
            "religion": "undisclosed",
            "home_address": "Av. Amazonas, Quito",
        },
    )
    assert response.url == url("voluntary_terms")


def test_web_flow_registers_and_serves_the_notice(
    client, carlos, outbox, django_capture_on_commit_callbacks
):
    walk_to_terms(client, carlos, outbox, django_capture_on_commit_callbacks)
    page = client.get(url("voluntary_terms")).content.decode()
    assert "Obligación de pago" in page and "día 15" in page
    key = re.search(r'name="idempotency_key" value="(\w+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url("voluntary_terms"), {"accept_terms": "on", "idempotency_key": key})
    # A double submit of the same form lands on the same affiliation.
    second = client.post(url("voluntary_terms"), {"accept_terms": "on", "idempotency_key": key})
    assert first.url == second.url == url("voluntary_done")
    assert Affiliation.objects.filter(person=carlos).count() == 1
    done = client.get(url("voluntary_done")).content.decode()
    assert "USD 101.27" in done
    pdf = client.get(url("voluntary_notice"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_refusal_shown_on_the_form_keeping_input(client, carlos):
    client.post(url("voluntary_start"), {"identity": carlos.cedula})
    response = client.post(url("voluntary_birth_date"), {"birth_date": "1999-01-01"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "no coincide" in content
    assert 'value="1999-01-01"' in content
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_birth_date-help id_birth_date-error"' in content


def test_base_below_sbu_shown_on_the_form(client, carlos):
    client.post(url("voluntary_start"), {"identity": carlos.cedula})
    client.post(url("voluntary_birth_date"), {"birth_date": carlos.birth_date.isoformat()})
    response = client.post(url("voluntary_base"), {"declared_base": "400"})
    content = response.content.decode()
    assert "no puede ser menor que el Salario Básico" in content
    assert 'value="400"' in content


def test_unknown_cedula_shown_on_the_form(client, demo_persons):
    response = client.post(url("voluntary_start"), {"identity": "12"})
    assert response.status_code == 200
    assert "10 dígitos" in response.content.decode()


def test_steps_cannot_be_skipped(client, carlos):
    assert client.get(url("voluntary_terms")).url == url("voluntary_start")
    client.post(url("voluntary_start"), {"identity": carlos.cedula})
    assert client.get(url("voluntary_terms")).url == url("voluntary_birth_date")


def test_notice_download_needs_a_signed_in_person(client, carlos, complete_application):
    response = client.get(url("voluntary_notice"))
    assert response.status_code == 302 and "/portal/entrar/" in response.url


def test_portal_section_and_base_change(client, carlos, complete_application, person):
    application = complete_application(carlos)
    services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="p"
    )
    portal_account_set_password(person=carlos, password="Clave-Segura-2026")
    assert (
        client.post(
            "/portal/entrar/", {"identity": carlos.cedula, "password": "Clave-Segura-2026"}
        ).status_code
        == 302
    )
    home = client.get("/portal/").content.decode()
    assert "Afiliación voluntaria" in home
    assert "USD 84.83" in home
    assert url("voluntary_notice") in home
    pdf = client.get(url("voluntary_notice"))
    assert pdf.content.startswith(b"%PDF")

    response = client.post(url("voluntary_base_change"), {"voluntary-declared_base": "100"})
    assert response.status_code == 200
    assert "no puede ser menor" in response.content.decode()
    assert 'value="100"' in response.content.decode()

    response = client.post(url("voluntary_base_change"), {"voluntary-declared_base": "700"})
    assert response.url == "/portal/"
    change = VoluntaryBaseChange.objects.get(voluntary__person=carlos)
    assert change.effective_from == services.month_after(services.today())
    home = client.get("/portal/").content.decode()
    assert "USD 700.00" in home


def test_other_person_gets_only_their_own_notice(client, carlos, person, complete_application):
    application = complete_application(carlos)
    services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="o"
    )
    ana = person("ana")
    portal_account_set_password(person=ana, password="Clave-Segura-2026")
    client.post("/portal/entrar/", {"identity": ana.cedula, "password": "Clave-Segura-2026"})
    response = client.get(url("voluntary_notice"))
    assert response.status_code == 404
    assert "Afiliación voluntaria" not in client.get("/portal/").content.decode()


def test_pages_and_refusals_in_english(client, carlos):
    client.cookies["django_language"] = "en"
    page = client.get(url("voluntary_start")).content.decode()
    assert "AFÍLIATE Ya: voluntary affiliation" in page
    client.post(url("voluntary_start"), {"identity": carlos.cedula})
    response = client.post(url("voluntary_birth_date"), {"birth_date": "1999-01-01"})
    assert "does not match the one in the Civil Registry" in response.content.decode()
