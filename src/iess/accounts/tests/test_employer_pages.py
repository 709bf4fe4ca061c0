import re
from types import SimpleNamespace

import pytest
from django.test import Client

from iess.accounts import counter as counter_module
from iess.accounts.employer_services import employer_clave_set_with_link
from iess.accounts.models import EmployerAccount, EmployerClaveRequest
from iess.accounts.roles import Role
from iess.accounts.services import staff_user_create
from iess.accounts.tests.conftest import give_clave, sign_in
from iess.accounts.tests.employer_support import (
    ANDINA_RUC,
    PACIFICO_RUC,
    activation_path,
    andina_request,
    register,
    verified_email,
)
from iess.accounts.ventanilla import handlers
from iess.affiliation.models import Affiliation
from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
from iess.registry.models import EmployerRegistration
from iess.registry.validators import IdentityDocument

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "ruc": ANDINA_RUC,
    "legal_name": "Comercial Andina S.A.",
    "sector": "private",
    "representative_document": "cedula",
    "representative_number": "1714307103",
    "representative_nationality": "",
    "visa_number": "",
    "artisan_qualification_number": "",
    "artisan_qualification_date": "",
    "email": "rrhh@andina.example.ec",
}


@pytest.fixture
def clerk(db):
    return staff_user_create(username="clerk", password="x-Demo-2026", role=Role.COUNTER_CLERK)


def code_from(outbox, address):
    message = outbox.latest(address, "código para registrar")
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_registration_flow_registers_once_and_downloads_own_documents(
    client, demo, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/portal/empleador/registro/", REGISTRATION)
    assert response.status_code == 302
    code = code_from(outbox, "rrhh@andina.example.ec")
    response = client.post("/portal/empleador/registro/codigo/", {"code": code})
    assert response.url == "/portal/empleador/registro/solicitud/"
    # A double submit of the same code changes nothing.
    client.post("/portal/empleador/registro/codigo/", {"code": code})
    assert EmployerRegistration.objects.filter(employer__ruc=ANDINA_RUC).count() == 1
    response = client.post("/portal/empleador/registro/solicitud/", {})
    assert response.status_code == 302, response.text.split("<main")[-1][:3000]
    assert response.url == "/portal/empleador/registro/lista/"
    page = client.get(response.url)
    clave_request = EmployerClaveRequest.objects.get()
    assert clave_request.code in page.text
    pdf = client.get("/portal/empleador/registro/documento/solicitud.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/portal/empleador/registro/documento/acuerdo.pdf").status_code == 200
    # Another browser cannot download them.
    assert Client().get("/portal/empleador/registro/documento/solicitud.pdf").status_code == 404


def test_refusal_keeps_what_was_typed_and_sends_no_code(client, demo, outbox):
    data = {**REGISTRATION, "legal_name": "Empresa Equivocada S.A."}
    response = client.post("/portal/empleador/registro/", data)
    assert response.status_code == 200
    assert "no coincide con la registrada en el SRI" in response.text
    assert 'value="Empresa Equivocada S.A."' in response.text
    assert outbox.to("rrhh@andina.example.ec") == []


def test_form_level_refusals_in_spanish(client, demo):
    response = client.post("/portal/empleador/registro/", {**REGISTRATION, "ruc": "17920603"})
    assert "El RUC debe tener 13 dígitos" in response.text
    assert 'value="17920603"' in response.text


def test_wrong_code_counts_down(client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portal/empleador/registro/", REGISTRATION)
    response = client.post("/portal/empleador/registro/codigo/", {"code": "000000"})
    assert "Le quedan 4 intentos" in response.text
    assert EmployerRegistration.objects.count() == 0


def test_ruc_registered_meanwhile_returns_to_the_data_with_the_message(
    client, demo, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/portal/empleador/registro/", REGISTRATION)
    register(ANDINA_RUC, "Comercial Andina S.A.", "maria", "otro@andina.example.ec")
    code = code_from(outbox, "rrhh@andina.example.ec")
    response = client.post("/portal/empleador/registro/codigo/", {"code": code})
    assert "ya tiene un registro de empleador" in response.text
    assert 'value="Comercial Andina S.A."' in response.text


def test_steps_need_the_previous_ones(client, db):
    assert client.get("/portal/empleador/registro/codigo/").status_code == 302
    assert client.get("/portal/empleador/registro/solicitud/").status_code == 302
    assert client.get("/portal/empleador/registro/lista/").status_code == 302


def activated_andina(clerk, outbox, capture, password="Patronal2026x"):
    from iess.accounts.employer_services import employer_clave_issue

    clave_request = andina_request()
    with capture(execute=True):
        employer_clave_issue(clave_request_id=clave_request.pk, actor=clerk, channel="counter")
    path = activation_path(outbox.latest("rrhh@andina.example.ec", "active su clave").body)
    return clave_request, path


def test_activation_page_then_portal_with_own_workers_only(
    client, demo, clerk, outbox, django_capture_on_commit_callbacks
):
    clave_request, path = activated_andina(clerk, outbox, django_capture_on_commit_callbacks)
    response = client.post(path, {"declaration": "on", "password": "corta", "password2": "corta"})
    assert "al menos 8 caracteres" in response.text
    response = client.post(
        path,
        {"declaration": "on", "password": "Patronal2026x", "password2": "Patronal2026x"},
    )
    assert "fue creada" in response.text
    # The link is single use.
    assert client.get(path).status_code == 410
    assert client.get("/portal/empleador/activar/desconocido/").status_code == 404
    response = client.post(
        "/portal/empleador/entrar/", {"ruc": ANDINA_RUC, "password": "Patronal2026x"}
    )
    assert response.url == "/portal/empleador/"
    home = client.get("/portal/empleador/")
    andina_workers = Affiliation.objects.filter(
        employer=clave_request.employer, kind="employee", status="active"
    )
    assert andina_workers.exists()
    for affiliation in andina_workers:
        assert affiliation.person.full_name in home.text
    others = Affiliation.objects.filter(kind="employee", status="active").exclude(
        employer=clave_request.employer
    )
    assert others.exists()
    for affiliation in others:
        if not andina_workers.filter(person=affiliation.person).exists():
            assert affiliation.person.full_name not in home.text
    # An employer session is not an affiliate session.
    assert client.get("/portal/").status_code == 302


def test_affiliate_session_never_reaches_the_employer_portal(client, demo):
    maria = demo("maria")
    give_clave(maria)
    sign_in(client, maria.cedula, "Clave2026abc")
    assert client.get("/portal/").status_code == 200
    response = client.get("/portal/empleador/")
    assert response.status_code == 302
    assert response.url == "/portal/empleador/entrar/"
    # The affiliate's clave does not open the employer portal, nor the RUC the affiliate one.
    response = client.post(
        "/portal/empleador/entrar/", {"ruc": ANDINA_RUC, "password": "Clave2026abc"}
    )
    assert "no son correctos" in response.text


def test_employer_account_cannot_sign_in_as_affiliate(
    demo, clerk, outbox, django_capture_on_commit_callbacks
):
    _request, path = activated_andina(clerk, outbox, django_capture_on_commit_callbacks)
    token = path.rstrip("/").rsplit("/", 1)[1]
    employer_clave_set_with_link(token=token, password="Patronal2026x", declaration=True)
    response = sign_in(Client(), ANDINA_RUC, "Patronal2026x")
    assert response.status_code == 200
    assert EmployerAccount.objects.get().user.username == ANDINA_RUC


def test_employer_sign_in_locks_out_like_the_portal(
    demo, clerk, outbox, django_capture_on_commit_callbacks
):
    _request, path = activated_andina(clerk, outbox, django_capture_on_commit_callbacks)
    token = path.rstrip("/").rsplit("/", 1)[1]
    employer_clave_set_with_link(token=token, password="Patronal2026x", declaration=True)
    for attempt in range(5):
        response = Client(REMOTE_ADDR=f"10.2.0.{attempt}").post(
            "/portal/empleador/entrar/", {"ruc": ANDINA_RUC, "password": "Mal2026clave"}
        )
    assert response.status_code == 429
    response = Client(REMOTE_ADDR="10.2.1.1").post(
        "/portal/empleador/entrar/", {"ruc": ANDINA_RUC, "password": "Patronal2026x"}
    )
    assert response.status_code == 429


def test_counter_page_finds_by_ruc_or_code_and_issues_with_audit(
    client, demo, clerk, outbox, django_capture_on_commit_callbacks
):
    clave_request = andina_request()
    client.force_login(clerk)
    url = "/oficina/clave-patronal/"
    assert clave_request.code in client.get(url, {"q": ANDINA_RUC}).text
    page = client.get(url, {"q": clave_request.code.lower()})
    assert "Comercial Andina" in page.text
    response = client.post(
        f"{url}?q={ANDINA_RUC}&turno=C-003",
        {"request_signed": "on", "agreement_signed": "on", "collector": "representative"},
    )
    assert "documento de identidad original" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{url}?q={ANDINA_RUC}&turno=C-003",
            {
                "request_signed": "on",
                "agreement_signed": "on",
                "collector": "representative",
                "representative_identity_seen": "on",
            },
        )
    assert response.status_code == 302
    clave_request.refresh_from_db()
    assert clave_request.status == "issued"
    assert clave_request.issued_reference == "turno:C-003"
    assert AuditEntry.objects.filter(action="clave_patronal.issue", actor=clerk).count() == 1
    assert "no hay una solicitud pendiente" in client.get(url, {"q": ANDINA_RUC}).text.lower()


def test_counter_page_is_for_clerks(client, demo):
    reviewer = staff_user_create(
        username="rev", password="x-Demo-2026", role=Role.PROVINCIAL_REVIEWER
    )
    client.force_login(reviewer)
    assert client.get("/oficina/clave-patronal/").status_code == 403
    assert Client().get("/oficina/clave-patronal/").status_code == 302


def test_console_action_only_for_the_clave_patronal_turn(rf, clerk):
    request = rf.get("/")
    request.user = clerk
    ticket = SimpleNamespace(
        number="C-001", procedure=SimpleNamespace(slug="clave-patronal-portal")
    )
    [(label, url)] = counter_module.actions(request, ticket)
    assert url == "/oficina/clave-patronal/?turno=C-001"
    ticket.procedure.slug = "afiliacion-voluntaria"
    assert counter_module.actions(request, ticket) == []


def submission(**changes):
    values = {
        "tracking_number": "VV-2026-000123",
        "procedure_slug": "clave-patronal-portal",
        "identity_document": IdentityDocument("cedula", "1714307103"),
        "reference": ANDINA_RUC,
        "names": "María Andrade",
        "email": "maria.andrade@example.ec",
        "province_id": "17",
    }
    values.update(changes)
    return SimpleNamespace(**values)


def test_ventanilla_handler_checks_the_employer_request_and_representative(demo):
    handler = handlers()["clave-patronal-portal"]
    assert str(handler.reference_label) == "RUC del empleador"
    cases = [
        ("1714307103", "179206034", "reference", "ruc"),
        ("1714307103", PACIFICO_RUC, "reference", "employer_not_registered"),
    ]
    for identity, reference, field, code in cases:
        with pytest.raises(ServiceError) as error:
            handler.check(identity=IdentityDocument("cedula", identity), reference=reference)
        assert (error.value.field, error.value.code) == (field, code)
    registration = register(ANDINA_RUC, "Comercial Andina S.A.", "maria", "rrhh@andina.example.ec")
    with pytest.raises(ServiceError) as error:
        handler.check(identity=IdentityDocument("cedula", "1714307103"), reference=ANDINA_RUC)
    assert error.value.code == "no_pending_request"
    from iess.accounts.employer_services import employer_clave_request_create

    employer_clave_request_create(registration=registration)
    with pytest.raises(ServiceError) as error:
        handler.check(
            identity=IdentityDocument("cedula", demo("jose").cedula), reference=ANDINA_RUC
        )
    assert (error.value.field, error.value.code) == ("identity", "not_representative")
    # The same digits typed as another kind of document are not the representative's cédula.
    with pytest.raises(ServiceError) as error:
        handler.check(
            identity=IdentityDocument("passport", "1714307103", "COL"), reference=ANDINA_RUC
        )
    assert error.value.code == "not_representative"
    handler.check(identity=IdentityDocument("cedula", "1714307103"), reference=ANDINA_RUC)


def signed_by_maria(*documents) -> list[bytes]:
    from iess.documents.testing import pdf_sign_with, signer

    return [pdf_sign_with(bytes(document.pdf), signer("María Andrade")) for document in documents]


def test_ventanilla_approval_issues_the_clave(
    demo, outbox, django_capture_on_commit_callbacks, monkeypatch
):
    reviewer = staff_user_create(
        username="rev", password="x-Demo-2026", role=Role.PROVINCIAL_REVIEWER
    )
    clave_request = andina_request()
    signed = signed_by_maria(clave_request.request_document, clave_request.agreement_document)
    monkeypatch.setattr(
        "iess.accounts.ventanilla.submission_signed_documents", lambda *, submission: signed
    )
    handler = handlers()["clave-patronal-portal"]
    with django_capture_on_commit_callbacks(execute=True):
        handler.approved(submission=submission(), actor=reviewer)
    clave_request.refresh_from_db()
    assert clave_request.status == "issued"
    assert clave_request.issued_channel == "virtual"
    assert clave_request.issued_reference == "ventanilla:VV-2026-000123"
    assert AuditEntry.objects.filter(action="clave_patronal.issue", actor=reviewer).exists()
    assert outbox.latest("rrhh@andina.example.ec", "active su clave patronal")
    # A second approval finds no pending request.
    with pytest.raises(ServiceError):
        handler.approved(submission=submission(), actor=reviewer)


def importadora_request_by_passport(valentina):
    """An employer whose legal representative, a Venezuelan without cédula or foreigner code,
    registered by passport with a visa, and its pending clave request."""
    from iess.accounts.employer_services import employer_clave_request_create
    from iess.registry import demo as registry_demo
    from iess.registry.employer_services import employer_register

    registration = employer_register(
        ruc=registry_demo.company_ruc_from("179222222"),
        legal_name="Importadora Demo S.A.",
        sector="private",
        representative_document="passport",
        representative_number=valentina.passport_number,
        representative_nationality=valentina.nationality,
        visa_number="v-12345",
        email="talento@importadora.example.ec",
        email_verification_id=verified_email("talento@importadora.example.ec"),
    )
    return employer_clave_request_create(registration=registration)


def test_ventanilla_handler_matches_a_passport_representative_by_kind_number_and_country(demo):
    valentina = demo("valentina")
    clave_request = importadora_request_by_passport(valentina)
    ruc = clave_request.employer.ruc
    handler = handlers()["clave-patronal-portal"]
    handler.check(identity=IdentityDocument("passport", "V12345678", "VEN"), reference=ruc)
    handler.check(identity=IdentityDocument("visa", "V12345", "VEN"), reference=ruc)
    for other in (
        IdentityDocument("passport", "ZZ999999", "VEN"),  # another passport
        IdentityDocument("passport", "V12345678", "COL"),  # the same number of another country
        IdentityDocument("visa", "V12345678", "VEN"),  # the passport number as a visa
        IdentityDocument("foreigner_code", "V12345678"),
    ):
        with pytest.raises(ServiceError) as error:
            handler.check(identity=other, reference=ruc)
        assert (error.value.field, error.value.code) == ("identity", "not_representative"), other


def test_ventanilla_approval_issues_the_clave_to_a_passport_representative(demo, monkeypatch):
    from iess.documents.testing import pdf_sign_with, signer

    valentina = demo("valentina")
    clave_request = importadora_request_by_passport(valentina)
    reviewer = staff_user_create(
        username="rev", password="x-Demo-2026", role=Role.PROVINCIAL_REVIEWER
    )
    signed = [
        pdf_sign_with(bytes(document.pdf), signer(valentina.full_name))
        for document in (clave_request.request_document, clave_request.agreement_document)
    ]
    monkeypatch.setattr(
        "iess.accounts.ventanilla.submission_signed_documents", lambda *, submission: signed
    )
    handler = handlers()["clave-patronal-portal"]
    with pytest.raises(ServiceError) as error:
        handler.approved(
            submission=submission(
                identity_document=IdentityDocument("passport", "ZZ999999", "VEN"),
                reference=clave_request.employer.ruc,
            ),
            actor=reviewer,
        )
    assert error.value.code == "not_representative"
    clave_request.refresh_from_db()
    assert clave_request.status == "pending"
    handler.approved(
        submission=submission(
            identity_document=IdentityDocument("passport", "V12345678", "VEN"),
            reference=clave_request.employer.ruc,
        ),
        actor=reviewer,
    )
    clave_request.refresh_from_db()
    assert clave_request.status == "issued"
    assert clave_request.issued_channel == "virtual"


def test_ventanilla_approval_needs_the_employers_own_signed_request_and_agreement(
    demo, monkeypatch
):
    from iess.documents.testing import sample_pdf

    reviewer = staff_user_create(
        username="rev", password="x-Demo-2026", role=Role.PROVINCIAL_REVIEWER
    )
    clave_request = andina_request()
    handler = handlers()["clave-patronal-portal"]
    from iess.accounts.employer_services import employer_clave_request_create

    # A newer request supersedes the first one.
    other = employer_clave_request_create(registration=clave_request.employer.registration)
    stale = signed_by_maria(clave_request.request_document, clave_request.agreement_document)
    for uploaded in (
        stale,
        signed_by_maria(other.request_document),
        [sample_pdf("Solicitud cualquiera"), sample_pdf("Acuerdo cualquiera")],
    ):
        monkeypatch.setattr(
            "iess.accounts.ventanilla.submission_signed_documents",
            lambda *, submission, uploaded=uploaded: uploaded,
        )
        with pytest.raises(ServiceError) as error:
            handler.approved(submission=submission(), actor=reviewer)
        assert error.value.code == "documents_not_this_request"
        assert other.request_document.code in str(error.value.message)
    other.refresh_from_db()
    assert other.status == "pending"


def test_registered_employer_generates_the_request_again_after_an_email_code(
    client, demo, outbox, django_capture_on_commit_callbacks
):
    first = andina_request()
    response = client.post("/portal/empleador/solicitud-nueva/", {"ruc": PACIFICO_RUC})
    assert "no tiene registro de empleador" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/portal/empleador/solicitud-nueva/", {"ruc": ANDINA_RUC})
    assert response.url == "/portal/empleador/solicitud-nueva/codigo/"
    page = client.get(response.url)
    assert "r***@andina.example.ec" in page.text
    assert client.get("/portal/empleador/registro/solicitud/").status_code == 302
    response = client.post(response.url, {"code": "000000"})
    assert "Le quedan 4 intentos" in response.text
    code = re.search(r"\b(\d{6})\b", outbox.latest("rrhh@andina.example.ec", "generar").body)
    response = client.post("/portal/empleador/solicitud-nueva/codigo/", {"code": code.group(1)})
    assert response.url == "/portal/empleador/registro/solicitud/"
    client.post(response.url, {})
    first.refresh_from_db()
    assert first.status == "superseded"
    assert EmployerClaveRequest.objects.filter(status="pending").count() == 1


def test_request_again_code_page_needs_the_first_step(client, db):
    response = client.get("/portal/empleador/solicitud-nueva/codigo/")
    assert response.url == "/portal/empleador/solicitud-nueva/"


def test_employer_pages_speak_english(client, demo):
    client.cookies["django_language"] = "en"
    assert "Employer registration" in client.get("/portal/empleador/registro/").text
    response = client.post("/portal/empleador/registro/", {**REGISTRATION, "sector": "public"})
    assert "A public entity&#x27;s RUC has 6 as its third digit" in response.text
    assert "Employer portal" in client.get("/portal/empleador/entrar/").text
