"""An employer registers, downloads the request and the agreement, signs them electronically,
submits them through the Ventanilla Virtual; a reviewer approves; the employer creates the
clave patronal from the emailed link and signs in to see the company and its workers."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from iess.accounts.roles import Role
from iess.accounts.services import staff_user_create
from iess.accounts.tests.employer_support import ANDINA_RUC, activation_path, andina_request
from iess.affiliation import demo as affiliation_demo
from iess.affiliation.selectors import employer_workers_active_list
from iess.catalog.selectors import procedure_get
from iess.documents.testing import pdf_sign_with, sample_pdf, signer, test_ca, trust
from iess.notifications.selectors import outbox_latest
from iess.registry import demo as registry_demo
from iess.registry.selectors import employer_get_by_ruc
from iess.submissions.selectors import requirement_slots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_log_flushable"),
]

EMAIL = "rrhh@andina.example.ec"
CLAVE = "Patronal2026x"


def assert_accessible(page):
    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert not serious, [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious]


def latest_email(subject: str):
    message = outbox_latest(to=EMAIL, subject_contains=subject)
    assert message is not None, subject
    return message


def download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def slot_field(label_start: str) -> str:
    procedure = procedure_get(slug="clave-patronal-portal")
    return next(
        slot.field_name
        for slot in requirement_slots(procedure)
        if slot.kind == "required" and slot.label.startswith(label_start)
    )


def test_employer_registers_submits_online_and_activates_the_clave(page, live_server, tmp_path):
    registry_demo.load()
    affiliation_demo.load()
    maria = registry_demo.demo_person("maria")
    trust(test_ca())
    staff_user_create(
        username="revisora",
        password="Demo-IESS-2026",
        role=Role.PROVINCIAL_REVIEWER,
        province_code="17",
    )

    page.goto("/portal/empleador/registro/")
    assert_accessible(page)
    page.get_by_label("RUC del empleador").fill(ANDINA_RUC)
    page.get_by_label("Razón social").fill("Comercial Andina S.A.")
    page.get_by_label("Sector").select_option(label="Privado")
    page.get_by_label("Número del documento del representante legal").fill(maria.cedula)
    page.get_by_label("Correo electrónico activo del empleador").fill(EMAIL)
    page.get_by_role("button", name="Enviar código al correo").click()
    expect(page.get_by_role("heading", name="Verifique el correo del empleador")).to_be_visible()
    code = re.search(r"\b(\d{6})\b", latest_email("código para registrar").body).group(1)
    page.get_by_label("Código de 6 dígitos").fill(code)
    page.get_by_role("button", name="Verificar y registrar").click()

    expect(page.get_by_text("quedó registrado como empleador")).to_be_visible()
    page.get_by_role("button", name="Generar la solicitud").click()
    expect(page.get_by_role("heading", name="Su solicitud está lista")).to_be_visible()
    assert_accessible(page)
    request_pdf = download(page, "Descargar la Solicitud de entrega de clave (PDF)")
    agreement_pdf = download(page, "Descargar el Acuerdo de Responsabilidad")
    assert request_pdf.startswith(b"%PDF") and agreement_pdf.startswith(b"%PDF")

    # The representative signs both electronically (her certificate from the test CA).
    identity = signer(maria.full_name)
    files = {
        "Registro Único de Contribuyentes": ("ruc.pdf", sample_pdf("RUC 1792060346001")),
        "Solicitud de entrega de clave": ("solicitud.pdf", pdf_sign_with(request_pdf, identity)),
        "Cédula": ("cedula.pdf", sample_pdf("Cédula de María Andrade")),
        "Acuerdo de Responsabilidad": ("acuerdo.pdf", pdf_sign_with(agreement_pdf, identity)),
    }
    page.get_by_role("link", name="Ir a la Ventanilla Virtual").click()
    expect(page.get_by_role("heading", name="Recepción de trámites")).to_be_visible()
    page.get_by_label("Número del documento de identidad").fill(maria.cedula)
    page.get_by_label("Nombres y apellidos").fill(maria.full_name)
    page.get_by_label("Correo electrónico").fill(maria.email)
    page.get_by_label("Celular").fill("0991234567")
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("RUC del empleador").fill(ANDINA_RUC)
    page.get_by_label("Mensaje").fill("Solicito la clave patronal de Comercial Andina.")
    for label, (name, content) in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        page.locator(f"input[name='{slot_field(label)}']").set_input_files(str(path))
    page.get_by_role("button", name="Enviar trámite").click()
    tracking = page.locator("#tracking-number")
    expect(tracking).to_be_visible()
    tracking_number = tracking.inner_text().strip()

    reviewer = page.context.browser.new_context(base_url=live_server.url, locale="es-EC")
    office = reviewer.new_page()
    office.goto("/oficina/entrar/")
    office.get_by_label("Usuario").fill("revisora")
    office.get_by_label("Contraseña").fill("Demo-IESS-2026")
    office.get_by_role("button", name="Ingresar").click()
    office.goto(f"/oficina/ventanilla/tramite/{tracking_number}/")
    expect(office.get_by_text(ANDINA_RUC)).to_be_visible()
    office.get_by_role("button", name="Aprobar").click()
    expect(office.get_by_text(f"Trámite {tracking_number} aprobado.")).to_be_visible()
    reviewer.close()

    page.goto(activation_path(latest_email("active su clave patronal").body))
    expect(page.get_by_role("heading", name="Cree su clave patronal")).to_be_visible()
    page.get_by_label("Declaración de información fidedigna").check()
    page.get_by_label("Nueva clave", exact=True).fill(CLAVE)
    page.get_by_label("Repita la nueva clave").fill(CLAVE)
    page.get_by_role("button", name="Confirmar").click()
    expect(page.get_by_role("heading", name="Su clave patronal fue creada")).to_be_visible()

    page.get_by_role("link", name="Ingresar al portal del empleador").click()
    page.get_by_label("RUC del empleador").fill(ANDINA_RUC)
    page.get_by_label("Clave patronal").fill(CLAVE)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="Trabajadores afiliados")).to_be_visible()
    employer = employer_get_by_ruc(ANDINA_RUC)
    worker = employer_workers_active_list(employer_id=employer.pk).first()
    expect(page.get_by_role("cell", name=worker.person.full_name)).to_be_visible()
    assert_accessible(page)


def test_clerk_delivers_at_the_counter_to_the_authorised_third_party(page):
    registry_demo.load()
    affiliation_demo.load()
    jose = registry_demo.demo_person("jose")
    clave_request = andina_request(third_party_name=jose.full_name, third_party_cedula=jose.cedula)
    staff_user_create(
        username="ventanilla",
        password="Demo-IESS-2026",
        role=Role.COUNTER_CLERK,
        province_code="17",
    )

    page.goto("/oficina/entrar/")
    page.get_by_label("Usuario").fill("ventanilla")
    page.get_by_label("Contraseña").fill("Demo-IESS-2026")
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_role("link", name="Entregar clave patronal").click()
    page.get_by_label("RUC del empleador o código de la solicitud").fill(clave_request.code)
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_text(jose.full_name)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Recibí la Solicitud de entrega de clave original").check()
    page.get_by_label("Recibí el Acuerdo de Responsabilidad").check()
    page.get_by_label("El tercero autorizado en la solicitud").check()
    # The clerk types the number of a different cédula first: refused, nothing issued.
    page.get_by_label("Tercero: número de la cédula original que presenta").fill(
        registry_demo.demo_person("ana").cedula
    )
    page.get_by_label("Tercero: recibí la Autorización de Retiro").check()
    page.get_by_role("button", name="Entregar la clave").click()
    expect(page.get_by_text("no es la del tercero autorizado")).to_be_visible()
    page.get_by_label("Tercero: número de la cédula original que presenta").fill(jose.cedula)
    page.get_by_role("button", name="Entregar la clave").click()
    expect(page.get_by_text("Clave patronal de Comercial Andina S.A. entregada")).to_be_visible()

    page.goto(activation_path(latest_email("active su clave patronal").body))
    page.get_by_label("Declaración de información fidedigna").check()
    page.get_by_label("Nueva clave", exact=True).fill(CLAVE)
    page.get_by_label("Repita la nueva clave").fill(CLAVE)
    page.get_by_role("button", name="Confirmar").click()
    expect(page.get_by_role("heading", name="Su clave patronal fue creada")).to_be_visible()
    page.goto("/portal/empleador/entrar/")
    page.get_by_label("RUC del empleador").fill(ANDINA_RUC)
    page.get_by_label("Clave patronal").fill(CLAVE)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="Comercial Andina S.A.")).to_be_visible()
