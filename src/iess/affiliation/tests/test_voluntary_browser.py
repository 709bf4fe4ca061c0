import io
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from iess.accounts.services import portal_account_set_password
from iess.affiliation.models import Affiliation

pytestmark = pytest.mark.browser


def assert_accessible(page):
    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], [v["id"] for v in serious]


def test_resident_abroad_affiliates_end_to_end(page, carlos, outbox):
    page.goto("/afiliacion-voluntaria/")
    assert_accessible(page)
    page.get_by_label("Número de cédula").fill(carlos.cedula)
    page.get_by_role("button", name="Continuar").click()

    page.get_by_label("Fecha de nacimiento").fill("1998-01-30")
    page.get_by_role("button", name="Continuar").click()

    page.get_by_label("Valor mensual a declarar (USD)").fill("482")
    page.get_by_role("button", name="Calcular").click()
    page.get_by_text("USD 84.83").first.wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Continuar").click()

    page.get_by_label("Número de celular").fill("0991112233")
    page.get_by_label("Correo electrónico").fill("carlos.exterior@example.com")
    page.get_by_role("button", name="Enviar código").click()
    page.get_by_role("heading", name="Verifique su correo").wait_for()
    message = outbox.latest("carlos.exterior@example.com", "Código de verificación")
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    page.get_by_label("Código de verificación").fill(code)
    page.get_by_role("button", name="Verificar").click()

    page.get_by_role("heading", name="Residencia y domicilio").wait_for()
    page.get_by_label("NO", exact=True).check()
    page.get_by_label("País de residencia").select_option("ESP")
    page.get_by_label("Dirección en el exterior").fill("Calle de Alcalá 10, Madrid")
    page.get_by_label("Religión").select_option(label="Prefiero no decirlo")
    page.get_by_label("Dirección del domicilio").fill("Calle de Alcalá 10, Madrid")
    assert_accessible(page)
    page.get_by_role("button", name="Continuar").click()

    page.get_by_text("Obligación de pago").wait_for()
    page.get_by_label("ACEPTO TÉRMINOS Y CONDICIONES").check()
    page.get_by_role("button", name="ACEPTAR").click()
    page.get_by_role("heading", name="Su afiliación voluntaria quedó registrada").wait_for()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar el aviso de entrada (PDF)").click()
    content = Path(download_info.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Aviso de entrada del afiliado" in text
    assert "USD 84.83" in text
    assert "Exterior (ESP)" in text

    notice = outbox.latest("carlos.exterior@example.com", "Aviso de entrada")
    assert notice.attachments.count() == 1
    assert Affiliation.objects.filter(person=carlos, kind="voluntary", status="active").count() == 1

    portal_account_set_password(person=carlos, password="Clave-Segura-2026")
    page.goto("/portal/entrar/")
    page.get_by_label("Cédula o código de identificación para extranjero").fill(carlos.cedula)
    page.get_by_label("Clave").fill("Clave-Segura-2026")
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_role("heading", name="Afiliación voluntaria").wait_for()
    page.get_by_text("USD 84.83").first.wait_for()
    assert_accessible(page)
