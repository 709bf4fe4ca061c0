import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.generic import NameObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from iess.accounts.roles import Role
from iess.accounts.services import staff_user_create
from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
from iess.documents.backoffice import links
from iess.documents.models import IssuedDocument
from iess.documents.selectors import VERIFY_UPLOAD_MAX_BYTES, document_pdf_verify, holder_mask
from iess.documents.services import document_issue, document_render, document_revoke
from iess.documents.signing import pdf_sign
from iess.documents.testing import pdf_sign_with, sample_pdf, signer, test_ca, trust
from iess.registry import demo as registry_demo

pytestmark = pytest.mark.django_db

PASSWORD = "Demo-IESS-2026-x"


@pytest.fixture
def maria(db):
    registry_demo.load()
    return registry_demo.demo_person("maria")


@pytest.fixture
def certificate(maria):
    document = document_issue(
        kind="non_affiliation_certificate",
        title="Certificado de no afiliación al IESS",
        fields=[
            ("Nombre", maria.full_name),
            ("Identificación", maria.identity_number),
            ("Nacionalidad", "Ecuatoriana"),
        ],
        person=maria,
    )
    document_render(document=document, paragraphs=["No registra afiliación."])
    return document


def _staff(role: Role | None, username: str):
    if role is None:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_user(
            username=username, password=PASSWORD, is_staff=True
        )
    return staff_user_create(username=username, password=PASSWORD, role=role)


def _append_update(content: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    writer.root["/IESSNota"] = NameObject("/Cambio")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _upload(client, content: bytes, name="documento.pdf"):
    return client.post(
        reverse("documents:verify_pdf"),
        {"pdf": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def _api_upload(client, content: bytes):
    return client.post(
        "/api/v1/documents/verify-pdf",
        {"pdf": SimpleUploadedFile("d.pdf", content, content_type="application/pdf")},
    )


def _assert_nothing_personal(text: str, maria):
    assert maria.identity_number not in text
    assert maria.full_name not in text
    assert maria.first_names not in text and maria.last_names not in text
    assert "Ecuatoriana" not in text and "Identificación" not in text


# --- masking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("María José Paz", "M*** J*** P***"),
        ("  ana   de la torre ", "A*** D*** L*** T***"),
        ("Ñusta", "Ñ***"),
        ("", ""),
    ],
)
def test_holder_mask(name, masked):
    assert holder_mask(name) == masked


# --- rendering ------------------------------------------------------------------------------


def test_rendered_pdf_is_signed_by_the_institution_and_its_hash_kept(certificate):
    stored = IssuedDocument.objects.get(pk=certificate.pk)
    content = bytes(stored.pdf)
    assert stored.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert len(stored.signer_fingerprint) == 64
    assert stored.holder_name == "María Fernanda Andrade López"
    result = document_pdf_verify(content)
    assert result.genuine and result.document == stored
    assert result.signature.signer_name == "IESS en línea (demostración)"


# --- page by code ---------------------------------------------------------------------------


def test_page_by_code_shows_status_kind_date_and_masked_holder_only(client, certificate, maria):
    response = client.get(reverse("documents:verify", args=[certificate.code.lower()]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Documento válido" in text
    assert "Certificado de no afiliación al IESS" in text
    assert "M*** F*** A*** L***" in text
    _assert_nothing_personal(text, maria)


def test_page_by_unknown_code_is_404(client):
    response = client.get(reverse("documents:verify", args=["ZZZZZZZZZZZZ"]))
    assert response.status_code == 404
    assert "No existe ningún documento" in response.content.decode()


def test_page_and_api_say_revoked_with_date_but_not_the_reason(client, certificate, maria):
    clerk = _staff(Role.COUNTER_CLERK, "ventanilla1")
    document_revoke(
        document=certificate, reason=f"Emitido por error a {maria.identity_number}", actor=clerk
    )
    text = client.get(reverse("documents:verify", args=[certificate.code])).content.decode()
    assert "fue anulado" in text and "Anulado" in text
    assert "por error" not in text
    _assert_nothing_personal(text, maria)
    data = client.get(f"/api/v1/documents/{certificate.code}").json()
    assert data["status"] == "revoked" and data["revoked_at"]
    assert "por error" not in str(data)


# --- API by code ----------------------------------------------------------------------------


def test_api_by_code(client, certificate, maria):
    response = client.get(f"/api/v1/documents/{certificate.code.lower()}")
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "code": certificate.code,
        "status": "valid",
        "kind": "non_affiliation_certificate",
        "title": "Certificado de no afiliación al IESS",
        "issued_at": data["issued_at"],
        "revoked_at": None,
        "holder": "M*** F*** A*** L***",
    }
    _assert_nothing_personal(response.content.decode(), maria)
    missing = client.get("/api/v1/documents/ZZZZZZZZZZZZ")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


# --- upload: page and API -------------------------------------------------------------------


def test_upload_genuine_certificate(client, certificate, maria):
    response = _upload(client, bytes(certificate.pdf))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Documento auténtico" in text
    assert "M*** F*** A*** L***" in text and certificate.code in text
    _assert_nothing_personal(text, maria)

    data = _api_upload(client, bytes(certificate.pdf)).json()
    assert data["outcome"] == "genuine" and data["genuine"] is True
    assert data["signature"]["status"] == "valid"
    assert data["document"]["holder"] == "M*** F*** A*** L***"
    assert maria.identity_number not in str(data)


def test_upload_modified_certificate(client, certificate):
    changed = bytearray(bytes(certificate.pdf))
    index = changed.index(b"/Producer") + 2
    changed[index] ^= 0x01
    text = _upload(client, bytes(changed)).content.decode()
    assert "modificado después de firmarse" in text
    assert "Documento auténtico" not in text
    data = _api_upload(client, bytes(changed)).json()
    assert data["outcome"] == "modified" and data["document"] is None


def test_upload_with_an_update_appended_after_signing(client, certificate):
    data = _api_upload(client, _append_update(bytes(certificate.pdf))).json()
    assert data["outcome"] == "modified" and not data["genuine"]


def test_upload_revoked_certificate(client, certificate):
    document_revoke(document=certificate, reason="Anulado a pedido", actor=_staff(None, "admin1"))
    text = _upload(client, bytes(certificate.pdf)).content.decode()
    assert "fue anulado" in text
    data = _api_upload(client, bytes(certificate.pdf)).json()
    assert data["outcome"] == "revoked" and data["document"]["status"] == "revoked"


def test_upload_resigned_by_the_institution_but_not_as_issued(client, certificate):
    """A copy re-signed with the institution's key still differs from the issued bytes."""
    resigned = pdf_sign(bytes(certificate.pdf))
    data = _api_upload(client, resigned).json()
    assert data["signature"]["status"] == "valid"
    assert data["outcome"] == "modified"


def test_upload_of_a_pdf_signed_by_someone_else_is_not_an_iess_document(client):
    trust(test_ca())
    data = _api_upload(client, pdf_sign_with(sample_pdf(), signer("María Andrade"))).json()
    assert data["signature"]["status"] == "valid"
    assert data["outcome"] == "not_issued" and data["document"] is None


def test_upload_unsigned_and_garbage(client):
    assert _api_upload(client, sample_pdf()).json()["outcome"] == "unsigned"
    assert _api_upload(client, b"not a pdf at all").json()["outcome"] == "invalid"
    response = _upload(client, b"not a pdf at all")
    assert response.status_code == 200 and "no es un PDF" in response.content.decode()


def test_upload_without_a_file(client):
    response = client.post(reverse("documents:verify_pdf"), {})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    api = client.post("/api/v1/documents/verify-pdf", {})
    assert api.status_code == 400 and api.json()["field"] == "pdf"


def test_upload_over_one_megabyte_is_refused_from_its_length(client):
    big = b"%PDF-1.7\n" + b"0" * (VERIFY_UPLOAD_MAX_BYTES + 64 * 1024)
    response = _upload(client, big)
    assert response.status_code == 413 and "1 MB" in response.content.decode()
    api = _api_upload(client, big)
    assert api.status_code == 413 and api.json()["code"] == "too_large"


def test_upload_length_is_checked_before_the_body_is_read(rf):
    from iess.documents.views import verify_pdf

    request = rf.post("/verificar/pdf/", data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(50 * 1024 * 1024)

    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    request._stream = Unreadable()
    assert verify_pdf(request).status_code == 413


def test_a_chunked_upload_without_a_length_is_refused_unread(rf):
    from iess.documents.views import verify_pdf

    request = rf.post("/verificar/pdf/", data=b"", content_type="multipart/form-data; boundary=x")
    request.META.pop("CONTENT_LENGTH", None)
    request.META["wsgi.input_terminated"] = True

    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    request._stream = Unreadable()
    assert verify_pdf(request).status_code == 413


def test_upload_just_over_the_limit_inside_the_overhead_is_refused(client):
    slightly = b"%PDF-1.7\n" + b"0" * (VERIFY_UPLOAD_MAX_BYTES + 1)
    response = _upload(client, slightly[: VERIFY_UPLOAD_MAX_BYTES + 1])
    assert response.status_code == 400 and "1 MB" in response.content.decode()


# --- revocation -----------------------------------------------------------------------------


def test_revoke_records_an_audit_row(certificate):
    clerk = _staff(Role.COUNTER_CLERK, "ventanilla1")
    document_revoke(document=certificate, reason="Datos equivocados", actor=clerk)
    certificate.refresh_from_db()
    assert certificate.revoked_at and certificate.revoked_by == clerk
    entry = AuditEntry.objects.get(action="document.revoke")
    assert entry.actor == clerk and entry.object_id == str(certificate.pk)
    assert entry.reason == "Datos equivocados"
    assert entry.before["revoked_at"] is None and entry.after["revoked_at"]


def test_revoke_needs_a_reason_and_happens_once(certificate):
    clerk = _staff(Role.COUNTER_CLERK, "ventanilla1")
    with pytest.raises(ServiceError) as error:
        document_revoke(document=certificate, reason="  ", actor=clerk)
    assert error.value.field == "reason"
    document_revoke(document=certificate, reason="Error", actor=clerk)
    with pytest.raises(ServiceError) as error:
        document_revoke(document=certificate, reason="Otra vez", actor=clerk)
    assert error.value.code == "already_revoked"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.COUNTER_CLERK, True),
        (Role.ADMINISTRATOR, True),
        (Role.PROVINCIAL_REVIEWER, False),
        (Role.LEGAL_ADVISOR, False),
    ],
)
def test_revoke_page_role_check(client, certificate, role, allowed):
    user = _staff(role, "staff1")
    client.force_login(user)
    url = reverse("documents_office:document_office") + f"?codigo={certificate.code}"
    assert bool(links(user)) is allowed
    response = client.post(url, {"reason": "Emitido por error"})
    certificate.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert certificate.revoked_at is not None
        assert AuditEntry.objects.filter(action="document.revoke", actor=user).exists()
        assert "Anulado" in client.get(url).content.decode()
    else:
        assert response.status_code == 403
        assert certificate.revoked_at is None
        assert not AuditEntry.objects.filter(action="document.revoke").exists()


def test_revoke_page_without_reason_keeps_the_form(client, certificate):
    client.force_login(_staff(Role.COUNTER_CLERK, "ventanilla1"))
    url = reverse("documents_office:document_office") + f"?codigo={certificate.code}"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoke_page_is_for_staff_only(client, certificate):
    response = client.get(reverse("documents_office:document_office"))
    assert response.status_code == 302 and "/oficina/entrar/" in response["Location"]


def test_verification_speaks_english(client, certificate):
    client.cookies["django_language"] = "en"
    text = client.get(reverse("documents:verify", args=[certificate.code])).content.decode()
    assert "Valid document, issued by the IESS." in text and "Verify a PDF" in text
    text = _upload(client, bytes(certificate.pdf)).content.decode()
    assert "Authentic document: issued and signed by the IESS, unchanged." in text
