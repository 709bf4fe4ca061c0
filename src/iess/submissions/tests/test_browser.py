"""In Chromium: a citizen submits the clave patronal with its documents and reads the
tracking number; the Pichincha reviewer opens it and approves it. A foreigner submits with a
passport and looks the submission up by its number."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from iess.accounts.roles import Role
from iess.catalog.services import procedures_load
from iess.documents.testing import test_ca, trust
from iess.registry import demo as registry_demo
from iess.submissions.tests import corpus
from iess.submissions.tests.helpers import CEDULA, PASSPORT_DOC, PASSWORD, good_uploads, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_serious_violations(page):
    results = Axe().run(page)
    serious = [
        v["id"]
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], serious


def test_a_citizen_submits_and_a_reviewer_approves(page, outbox, tmp_path, audit_log_flushable):
    registry_demo.load()
    procedures_load()
    trust(test_ca())
    staff("revisor17", Role.PROVINCIAL_REVIEWER, "17")
    paths = {}
    for field, (name, content) in good_uploads().items():
        paths[field] = tmp_path / name
        paths[field].write_bytes(content)
    bad = tmp_path / "cedula-renombrada.jpg"
    bad.write_bytes(corpus.pdf())

    page.goto("/ventanilla/")
    page.get_by_label("Trámite").select_option(value="clave-patronal-portal")
    page.get_by_role("button", name="Continuar").click()
    page.get_by_role("heading", name="Recepción de trámites").wait_for()
    page.get_by_label("Número del documento de identidad").fill("1714307103")
    page.get_by_label("Nombres y apellidos").fill("María Andrade")
    page.get_by_label("Correo electrónico").fill("maria@example.ec")
    page.get_by_label("Celular").fill("0991234567")
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Mensaje").fill("Solicito la clave patronal.")
    for field, path in paths.items():
        upload = bad if field.endswith("1-3") else path
        page.locator(f"#id_{field}").set_input_files(str(upload))
    page.get_by_role("button", name="Enviar trámite").click()
    page.get_by_text("el archivo fue renombrado").wait_for()
    assert page.get_by_label("Nombres y apellidos").input_value() == "María Andrade"
    assert page.get_by_text("Ya cargado: solicitud.pdf").is_visible()
    _no_serious_violations(page)
    page.locator("#id_document_general-1-3").set_input_files(str(paths["document_general-1-3"]))
    page.get_by_role("button", name="Enviar trámite").click()
    page.get_by_role("heading", name="Trámite recibido").wait_for()
    tracking_number = page.locator("#tracking-number").inner_text()
    assert re.fullmatch(r"VV-\d{4}-[A-Z0-9]{8}", tracking_number)
    assert tracking_number in outbox.latest("maria@example.ec", "recibido").subject

    page.goto("/oficina/entrar/")
    page.get_by_label("Usuario").fill("revisor17")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_role("link", name="Ventanilla Virtual: trámites por revisar").click()
    page.get_by_role("link", name=tracking_number).click()
    page.get_by_text("María Andrade").first.wait_for()
    _no_serious_violations(page)
    page.get_by_role("button", name="Aprobar").click()
    page.get_by_text(f"Trámite {tracking_number} aprobado.").wait_for()
    assert "aprobado" in outbox.latest("maria@example.ec", "aprobado").subject


def test_a_foreigner_submits_with_a_passport(page, tmp_path):
    registry_demo.load()
    procedures_load()
    trust(test_ca())
    paths = {}
    for field, (name, content) in good_uploads().items():
        field = f"document_{PASSPORT_DOC}" if field == f"document_{CEDULA}" else field
        paths[field] = tmp_path / name
        paths[field].write_bytes(content)

    page.goto("/ventanilla/tramite/clave-patronal-portal/")
    page.get_by_label("Pasaporte", exact=True).check()
    page.get_by_label("Número del documento de identidad").fill("V12345678")
    page.get_by_label("Nombres y apellidos").fill("Valentina Rojas Pérez")
    page.get_by_label("Correo electrónico").fill("valentina@example.com")
    page.get_by_label("Celular").fill("0996667788")
    page.get_by_label("Provincia").select_option(label="Pichincha")
    page.get_by_label("Mensaje").fill("Solicito la clave patronal.")
    for field, path in paths.items():
        page.locator(f"#id_{field}").set_input_files(str(path))
    page.get_by_role("button", name="Enviar trámite").click()
    page.locator("#id_nationality-error").get_by_text(
        "Elija la nacionalidad del pasaporte o de la visa."
    ).wait_for()
    assert page.get_by_label("Pasaporte", exact=True).is_checked()
    assert page.get_by_label("Número del documento de identidad").input_value() == "V12345678"
    _no_serious_violations(page)
    page.get_by_label("Nacionalidad del pasaporte o de la visa").select_option(value="VEN")
    page.get_by_role("button", name="Enviar trámite").click()
    page.get_by_role("heading", name="Trámite recibido").wait_for()
    tracking_number = page.locator("#tracking-number").inner_text()

    page.goto("/ventanilla/estado/")
    page.get_by_label("Número de trámite").fill(tracking_number)
    page.get_by_label("Número del documento de identidad").fill("V12345678")
    page.get_by_role("button", name="Consultar").click()
    assert page.locator("#submission-status").inner_text() == "Recibido, en revisión"
