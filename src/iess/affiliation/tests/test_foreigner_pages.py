"""The clerk's console actions and pages, the legal unit's console, and the issued code
working in every "cédula o código" box."""

import re

import pytest
from django.urls import reverse

from iess.affiliation import foreigner_services as services
from iess.affiliation.models import ForeignerCodeRequest, NonAffiliationRequest

pytestmark = pytest.mark.django_db

CODE = "codigo-extranjero-trabajador-independiente"
CERTIFICATE = "certificado-no-afiliacion-extranjeros"


def code_form(foreigners, key="valentina", **changes):
    person = foreigners.person(key)
    data = {
        "first_names": person.first_names,
        "last_names": person.last_names,
        "birth_date": person.birth_date.isoformat(),
        "nationality": person.nationality,
        "passport_number": person.passport_number,
        "visa_number": "",
        "ruc": foreigners.ruc(key),
        "narrative": "Solicito el código para afiliarme.",
        "signed_by_hand": "on",
        "identity_document_seen": "on",
    }
    data.update(changes)
    return data


def test_the_console_offers_the_procedure_of_the_attended_turn(client, foreigners):
    client.force_login(foreigners.clerk)
    ticket = foreigners.attend(CODE, "Valentina Rojas")
    html = client.get(reverse("appointments_office:console")).content.decode()
    assert reverse("foreigners_office:code_request_new", args=[ticket.pk]) in html
    client.post(
        reverse("appointments_office:ticket_action", args=[ticket.pk, "attend"]),
        {"outcome": "Código emitido"},
    )
    ticket = foreigners.attend(CERTIFICATE, "Giulia Bianchi")
    html = client.get(reverse("appointments_office:console")).content.decode()
    assert reverse("foreigners_office:certificate_new", args=[ticket.pk]) in html
    assert reverse("foreigners_office:code_request_new", args=[ticket.pk]) not in html


def test_the_clerk_issues_the_code_from_the_console(client, foreigners):
    client.force_login(foreigners.clerk)
    ticket = foreigners.attend(CODE, "Valentina Rojas")
    url = reverse("foreigners_office:code_request_new", args=[ticket.pk])
    response = client.post(url, code_form(foreigners))
    request = ForeignerCodeRequest.objects.get(ticket=ticket)
    assert response.url == reverse("foreigners_office:code_request", args=[request.pk])
    client.post(reverse("foreigners_office:code_request_issue", args=[request.pk]))
    request.refresh_from_db()
    html = client.get(reverse("foreigners_office:code_request", args=[request.pk])).text
    assert request.foreigner_code in html and "/verificar/" in html
    pdf = client.get(reverse("foreigners_office:code_request_pdf", args=[request.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_visa_only_foreigner_gets_the_code_from_the_console(client, foreigners):
    client.force_login(foreigners.clerk)
    ticket = foreigners.attend(CODE, "Samira Haddad")
    response = client.post(
        reverse("foreigners_office:code_request_new", args=[ticket.pk]),
        code_form(foreigners, "samira", visa_number="VRT-2025-1187"),
    )
    request = ForeignerCodeRequest.objects.get(ticket=ticket)
    assert response.url == reverse("foreigners_office:code_request", args=[request.pk])
    client.post(reverse("foreigners_office:code_request_issue", args=[request.pk]))
    request.refresh_from_db()
    assert request.person.foreigner_code == request.foreigner_code
    assert request.person.passport_number == ""
    html = client.get(reverse("foreigners_office:code_request", args=[request.pk])).text
    assert "<dt>Visa</dt><dd>VRT20251187</dd>" in html and "<dt>Pasaporte</dt>" not in html


def test_a_ruc_mismatch_is_shown_field_by_field_keeping_what_was_typed(client, foreigners):
    client.force_login(foreigners.clerk)
    ticket = foreigners.attend(CODE, "Valentina Rojas")
    response = client.post(
        reverse("foreigners_office:code_request_new", args=[ticket.pk]),
        code_form(foreigners, passport_number="V00000001"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Los datos no coinciden con el RUC" in html
    assert "V00000001" in html and "V12345678" in html
    assert 'aria-invalid="true"' in html
    assert not ForeignerCodeRequest.objects.filter(ticket=ticket).exists()


def test_an_electronic_signature_is_refused_on_the_page(client, foreigners):
    client.force_login(foreigners.clerk)
    ticket = foreigners.attend(CODE, "Valentina Rojas")
    data = code_form(foreigners)
    del data["signed_by_hand"]
    html = client.post(
        reverse("foreigners_office:code_request_new", args=[ticket.pk]), data
    ).content.decode()
    assert "firma electrónica" in html


def test_clerks_act_only_on_turns_and_requests_of_their_agency(client, foreigners):
    ticket = foreigners.attend(CODE, "Valentina Rojas")
    client.force_login(foreigners.guayas_clerk)
    url = reverse("foreigners_office:code_request_new", args=[ticket.pk])
    assert client.get(url).status_code == 404
    request = services.foreigner_code_request_create(
        actor=foreigners.clerk,
        province_code="17",
        **{
            key: value
            for key, value in code_form(foreigners).items()
            if key not in ("signed_by_hand", "identity_document_seen", "birth_date")
        },
        birth_date=foreigners.person("valentina").birth_date,
        signed_by_hand=True,
        identity_document_seen=True,
    )
    assert (
        client.get(reverse("foreigners_office:code_request", args=[request.pk])).status_code == 404
    )
    client.post(reverse("foreigners_office:code_request_issue", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "ready"
    client.force_login(foreigners.legal)
    assert client.get(url).status_code == 403


def test_the_legal_unit_reviews_powers_of_its_province_only(client, foreigners):
    luis = ForeignerCodeRequest.objects.get(person=foreigners.person("luis"))
    client.force_login(foreigners.guayas_legal)
    assert luis.full_name not in client.get(reverse("foreigners_office:power_list")).text
    review = reverse("foreigners_office:power_review", args=[luis.pk])
    assert client.get(review).status_code == 404
    assert client.post(review, {"decision": "approve"}).status_code == 404
    client.force_login(foreigners.clerk)
    assert client.get(reverse("foreigners_office:power_list")).status_code == 403
    client.force_login(foreigners.legal)
    assert luis.full_name in client.get(reverse("foreigners_office:power_list")).text
    html = client.post(review, {"decision": "reject", "reason": ""}).content.decode()
    assert "Indique el motivo del rechazo" in html
    response = client.post(review, {"decision": "approve", "reason": "Poder suficiente"})
    assert response.status_code == 302
    luis.refresh_from_db()
    assert luis.status == "ready" and luis.power_decided_by == foreigners.legal


def test_the_certificate_through_a_third_party_on_the_page(client, foreigners):
    client.force_login(foreigners.clerk)
    ticket = foreigners.attend(CERTIFICATE, "María Andrade (por Giulia Bianchi)")
    response = client.post(
        reverse("foreigners_office:certificate_new", args=[ticket.pk]),
        {
            "first_names": "Giulia",
            "last_names": "Bianchi",
            "nationality": "ITA",
            "passport_number": "YA1234567",
            "visa_number": "VRT-2026-0451",
            "phone": "0991234567",
            "address": "Av. República E7-123, Quito",
            "passport_and_visa_seen": "on",
            "letter_signed_by_hand": "on",
            "third_party_names": "María Fernanda Andrade López",
            "third_party_identity": "1714307103",
            "authorisation_narrative": "Autorizo a María Andrade.",
            "authorisation_signed_by_hand": "on",
            "third_party_documents_seen": "on",
        },
    )
    request = NonAffiliationRequest.objects.get(ticket=ticket)
    assert response.url == reverse("foreigners_office:certificate", args=[request.pk])
    html = client.get(response.url).content.decode()
    code = re.search(r"/verificar/([A-Z2-9]{12})/", html).group(1)
    assert (
        client.get(reverse("foreigners_office:certificate_pdf", args=[request.pk])).content[:4]
        == b"%PDF"
    )
    client.logout()
    verified = client.get(reverse("documents:verify", args=[code])).content.decode()
    assert "Documento válido" in verified and "G*** B***" in verified
    assert "Giulia" not in verified


def test_the_backoffice_home_links_each_role_to_its_page(client, foreigners):
    client.force_login(foreigners.clerk)
    assert reverse("foreigners_office:code_request_list") in client.get("/oficina/").text
    client.force_login(foreigners.legal)
    assert reverse("foreigners_office:power_list") in client.get("/oficina/").text


def test_an_issued_code_works_in_every_cedula_or_code_box(client, foreigners):
    from iess.accounts.forms import ClaveStartForm, PortalLoginForm
    from iess.affiliation.voluntary_services import voluntary_application_start
    from iess.appointments.services import booker_identify

    request = services.foreigner_code_request_create(
        actor=foreigners.clerk,
        province_code="17",
        first_names="Valentina",
        last_names="Rojas Pérez",
        birth_date=foreigners.person("valentina").birth_date,
        nationality="VEN",
        passport_number="V12345678",
        visa_number="",
        ruc=foreigners.ruc("valentina"),
        narrative="Solicito el código.",
        signed_by_hand=True,
        identity_document_seen=True,
    )
    code = services.foreigner_code_issue(
        actor=foreigners.clerk, province_code="17", request_id=request.pk
    ).foreigner_code
    valentina = foreigners.person("valentina")
    # The turnero's identification step, through its page.
    response = client.post(reverse("appointments:start"), {"identity": code})
    assert response.status_code == 302 and response.url == reverse("appointments:contact")
    assert client.session["turnero"]["person_id"] == valentina.pk
    assert booker_identify(code.lower()) == valentina
    # The clave (portal sign-in and clave generation) and AFÍLIATE Ya.
    assert PortalLoginForm.base_fields["identity"].clean(code)
    form = ClaveStartForm(data={"identity": code}, request=None)
    form.is_valid()
    assert form.cleaned_data["identity"] == code
    assert voluntary_application_start(identity=code).person == valentina


def test_an_online_turn_booked_by_an_apoderado_fills_in_holder_and_apoderado(client, foreigners):
    import datetime

    from django.utils import timezone

    from iess.appointments.models import Appointment, Slot, Ticket
    from iess.registry.demo import demo_person

    maria, valentina = demo_person("maria"), foreigners.person("valentina")
    now = timezone.now()
    procedure = foreigners.procedures[CODE]
    slot = Slot.objects.create(
        agency=foreigners.quito,
        procedure=procedure,
        starts_at=now,
        ends_at=now + datetime.timedelta(minutes=20),
        capacity=2,
        booked=1,
    )
    appointment = Appointment.objects.create(
        code="ABCDEFGH",
        procedure=procedure,
        agency=foreigners.quito,
        slot=slot,
        starts_at=now,
        booked_by=maria,
        holder=valentina,
        holder_key=f"VEN:{valentina.passport_number}",
        holder_name=valentina.full_name,
        is_proxy=True,
        email=maria.email,
        mobile=maria.mobile,
        status=Appointment.Status.CHECKED_IN,
    )
    ticket = Ticket.objects.create(
        agency=foreigners.quito,
        procedure=procedure,
        service_day=now.date(),
        number="C001",
        kind=Ticket.Kind.APPOINTMENT,
        appointment=appointment,
        person=maria,
        name=maria.full_name,
        status=Ticket.Status.CALLED,
        counter=1,
        issued_at=now,
    )
    client.force_login(foreigners.clerk)
    html = client.get(reverse("foreigners_office:code_request_new", args=[ticket.pk])).text
    assert 'value="V12345678"' in html and 'value="Valentina"' in html
    assert f'value="{maria.full_name}"' in html and f'value="{maria.cedula}"' in html


def test_the_legal_units_page_speaks_english(client, foreigners):
    luis = ForeignerCodeRequest.objects.get(person=foreigners.person("luis"))
    client.force_login(foreigners.legal)
    html = client.get(
        reverse("foreigners_office:power_review", args=[luis.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).text
    assert "Review of the notarial power" in html and "Validate and initial" in html


def test_the_clerks_nationality_list_follows_the_page_language(client, foreigners):
    client.force_login(foreigners.clerk)
    ticket = foreigners.attend(CODE, "Valentina Rojas")
    url = reverse("foreigners_office:code_request_new", args=[ticket.pk])
    assert '<option value="DEU">Alemania</option>' in client.get(url).text
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert '<option value="DEU">Germany</option>' in english
