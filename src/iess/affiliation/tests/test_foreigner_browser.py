"""End to end in Chromium: a clerk gives a walk-in turn to a foreigner without any ID and
issues her identification code; a third party gets another foreigner's certificate of
non-affiliation, and a stranger verifies it at its QR address."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_serious_violations(page):
    results = Axe().run(page)
    serious = [
        v["id"]
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], serious


def walk_in_and_call(page, procedure_slug: str, name: str):
    page.goto("/oficina/turnos/presencial/")
    page.get_by_label("Sin cédula ni código de extranjero").check()
    page.get_by_label("Trámite").select_option(procedure_slug)
    page.get_by_label("Nombre (si no tiene documento)").fill(name)
    page.get_by_role("button", name="Emitir turno").click()
    page.goto("/oficina/turnos/")
    page.get_by_role("button", name="Llamar siguiente").click()
    page.get_by_text("Atendiendo el turno").wait_for()


def test_a_clerk_issues_a_code_and_a_stranger_verifies_a_certificate(
    page, browser, live_server, foreigners, audit_log_flushable
):
    page.goto("/oficina/entrar/")
    page.get_by_label("Usuario").fill("ventanilla")
    page.get_by_label("Contraseña").fill(foreigners.password)
    page.get_by_role("button", name="Ingresar").click()

    walk_in_and_call(page, "codigo-extranjero-trabajador-independiente", "Valentina Rojas")
    page.get_by_role("link", name="Registrar solicitud de código de extranjero").click()
    page.get_by_label("Nombres del solicitante").fill("Valentina")
    page.get_by_label("Apellidos del solicitante").fill("Rojas Pérez")
    page.get_by_label("Fecha de nacimiento").fill("1993-06-21")
    page.get_by_label("Nacionalidad").select_option("VEN")
    page.get_by_label("Número de pasaporte").fill("V12345678")
    page.get_by_label("RUC").fill(foreigners.ruc("valentina"))
    page.get_by_label("Narración de la solicitud").fill("Solicito el código para afiliarme.")
    page.get_by_label("La solicitud está firmada de forma manuscrita").check()
    page.get_by_label("Revisé el pasaporte (o la visa) original").check()
    _no_serious_violations(page)
    page.get_by_role("button", name="Registrar solicitud").click()
    page.get_by_role("button", name="Emitir código e imprimir").click()
    code = page.locator("#foreigner-code").inner_text().strip()
    assert re.fullmatch(r"EX\d{8}", code)
    assert foreigners.person("valentina").foreigner_code == code
    page.goto("/oficina/turnos/")
    page.get_by_label("Resultado de la atención").fill("Código entregado")
    page.get_by_role("button", name="Marcar atendido").click()
    page.get_by_text("Atención registrada.").wait_for()

    walk_in_and_call(page, "certificado-no-afiliacion-extranjeros", "María Andrade")
    page.get_by_role("link", name="Certificado de no afiliación para extranjeros").click()
    page.get_by_label("Nombres del titular").fill("Giulia")
    page.get_by_label("Apellidos del titular").fill("Bianchi")
    page.get_by_label("Nacionalidad").select_option("ITA")
    page.get_by_label("Número de pasaporte").fill("YA1234567")
    page.get_by_label("Número de visa").fill("VRT-2026-0451")
    page.get_by_label("Teléfono de contacto").fill("0991234567")
    page.get_by_label("Dirección").fill("Av. República E7-123, Quito")
    page.get_by_label("Revisé el pasaporte y la visa originales").check()
    page.get_by_label("La carta al Director Provincial").check()
    page.get_by_label("Nombres y apellidos del tercero").fill("María Fernanda Andrade López")
    page.get_by_label("Cédula o código de extranjero del tercero").fill("1714307103")
    page.get_by_label("Narración de la autorización").fill("Autorizo a María Andrade.")
    page.get_by_label("La autorización tiene los nombres").check()
    page.get_by_label("Revisé el pasaporte del titular").check()
    page.get_by_role("button", name="Consultar registros y emitir").click()
    page.get_by_text("Certificado emitido").wait_for()
    verify_url = page.locator("#verify-url").get_attribute("href")
    path = "/verificar/" + verify_url.split("/verificar/")[1]

    stranger = browser.new_context(base_url=live_server.url, locale="es-EC")
    try:
        visitor = stranger.new_page()
        visitor.goto(path)
        visitor.get_by_text("Documento válido, emitido por el IESS.").wait_for()
        assert "G*** B***" in visitor.content()
        assert "Giulia" not in visitor.content()
    finally:
        stranger.close()
