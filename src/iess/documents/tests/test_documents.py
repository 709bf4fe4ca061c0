import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from iess.documents.models import IssuedDocument
from iess.documents.selectors import document_get_by_code
from iess.documents.services import document_issue, document_render, document_verify_url

pytestmark = pytest.mark.django_db


def _issue():
    return document_issue(
        kind="test",
        title="Confirmación del Turno en Línea",
        fields=[("Nombre", "María Fernanda Andrade López"), ("Agencia", "CAU Quito Norte")],
    )


def test_issued_documents_get_distinct_unguessable_codes():
    codes = {_issue().code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(code) == 12 and code.isalnum() and code.isupper() for code in codes)


def test_pdf_carries_title_fields_code_and_verification_address():
    document = _issue()
    content = document_render(
        document=document, paragraphs=["Presente este documento en la agencia."]
    )
    assert content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Confirmación del Turno en Línea" in text
    assert "María Fernanda Andrade López" in text
    assert document.code in text
    assert document_verify_url(document.code) in text.replace("\n", "")
    assert bytes(IssuedDocument.objects.get(pk=document.pk).pdf) == content


def test_public_verification_page_shows_no_fields(client):
    document = _issue()
    document_render(document=document)
    response = client.get(reverse("documents:verify", args=[document.code.lower()]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Documento válido" in text and "Confirmación del Turno en Línea" in text
    assert "CAU Quito Norte" not in text and "María Fernanda" not in text
    assert client.get(reverse("documents:verify", args=["ZZZZZZZZZZZZ"])).status_code == 404
    assert document_get_by_code(f" {document.code} ") == document
