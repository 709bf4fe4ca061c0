"""End to end in Chromium: a person books, downloads the PDF, reschedules and cancels; another
person checks in at the kiosk, a clerk calls and attends them while the display shows it."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from iess.accounts.roles import Role
from iess.accounts.services import staff_user_create
from iess.appointments import services
from iess.appointments.tests.conftest import at
from iess.registry.demo import demo_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _no_serious_violations(page):
    results = Axe().run(page)
    serious = [
        v["id"]
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], serious


def test_a_person_books_downloads_reschedules_and_cancels(page, turnero, outbox, tmp_path):
    maria = demo_person("maria")
    page.goto("/turnos/")
    page.get_by_label("Cédula o código de identificación para extranjero").fill(maria.cedula)
    page.get_by_role("button", name="Buscar").click()
    page.get_by_label("Correo electrónico").fill(maria.email)
    page.get_by_label("Celular").fill("0991234567")
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_text("Verificar IESS turno online").first.wait_for()
    message = outbox.latest(maria.email, "Verificar IESS turno online")
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    page.get_by_label("Código de verificación").fill(code)
    page.get_by_role("button", name="Verificar", exact=True).click()
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Tipo de trámite").select_option(label="Clave patronal portal IESS")
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_label(re.compile("CAU Quito Norte")).check()
    page.get_by_role("button", name="Siguiente").click()
    _no_serious_violations(page)
    page.get_by_role("link", name=re.compile(r"^24 ")).click()
    page.get_by_label(re.compile(r"^09:00")).check()
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_role("heading", name="¿Está de acuerdo?").wait_for()
    page.get_by_role("button", name="Sí").click()
    page.get_by_role("button", name="Confirmar").click()
    page.get_by_role("heading", name="Confirmación del Turno en Línea").wait_for()
    _no_serious_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar la confirmación (PDF)").click()
    target = tmp_path / "turno.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert outbox.latest(maria.email, "Confirmación del Turno en Línea")

    page.get_by_role("link", name="Cambiar o cancelar este turno").click()
    page.get_by_role("link", name="Cambiar fecha u hora").click()
    page.get_by_role("link", name=re.compile(r"^25 ")).click()
    page.get_by_label(re.compile(r"^11:00")).check()
    page.get_by_role("button", name="Siguiente").click()
    page.get_by_role("heading", name="Confirmación del Turno en Línea").wait_for()
    page.get_by_text("11:00").first.wait_for()

    page.get_by_role("link", name="Cambiar o cancelar este turno").click()
    page.get_by_role("button", name="Cancelar el turno").click()
    page.get_by_role("heading", name="Turno cancelado").wait_for()


def test_check_in_call_and_attend_while_the_display_shows_it(
    page, turnero, book, clock, attentions, audit_log_flushable
):
    appointment = book(demo_person("jose"), at(24, 9))
    clerk = staff_user_create(
        username="ventanilla",
        password="Demo-IESS-2026",
        role=Role.COUNTER_CLERK,
        province_code="17",
    )
    services.membership_set(user=clerk, agency=turnero.quito)
    clock.set(at(24, 8, 50))

    page.goto("/oficina/entrar/")
    page.get_by_label("Usuario").fill("ventanilla")
    page.get_by_label("Contraseña").fill("Demo-IESS-2026")
    page.get_by_role("button", name="Ingresar").click()
    page.goto("/oficina/turnos/quiosco/")
    page.get_by_label("Código del turno o contenido del código QR").fill(appointment.code)
    page.get_by_role("button", name="Registrar llegada").click()
    page.get_by_text("Su turno es el").wait_for()
    assert "C001" in page.content()

    display = page.context.new_page()
    display.goto(f"/turnos/pantalla/{turnero.quito.pk}/")
    display.get_by_text("Espere su llamado").wait_for()

    page.goto("/oficina/turnos/")
    page.get_by_role("button", name="Llamar siguiente").click()
    page.get_by_text("Atendiendo el turno").wait_for()
    display.get_by_role("cell", name="C001").wait_for(timeout=20_000)  # meta refresh
    _no_serious_violations(page)
    page.get_by_label("Resultado de la atención").fill("Clave patronal entregada")
    page.get_by_role("button", name="Marcar atendido").click()
    page.get_by_text("Atención registrada.").wait_for()
    assert len(attentions) == 1 and attentions[0]["procedure_slug"] == "clave-patronal-portal"
