from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from iess.documents.services import document_issue, document_render, document_verify_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stranger_follows_the_qr_and_checks_the_pdf(page):
    document = document_issue(
        kind="non_affiliation_certificate",
        title="Certificado de no afiliación al IESS",
        fields=[("Pasaporte", "P1234567")],
        holder_name="Valentina Rojas Pérez",
    )
    content = document_render(document=document)

    page.goto(urlsplit(document_verify_url(document.code)).path)
    page.get_by_text("Documento válido, emitido por el IESS.").wait_for()
    page.get_by_text("V*** R*** P***").wait_for()
    assert "P1234567" not in page.content()
    violations = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert violations == []

    page.get_by_label("Archivo PDF del documento").set_input_files(
        files=[{"name": "certificado.pdf", "mimeType": "application/pdf", "buffer": content}]
    )
    page.get_by_role("button", name="Verificar el PDF").click()
    page.get_by_text("Documento auténtico: emitido y firmado por el IESS, sin cambios.").wait_for()
