import datetime
import functools
import io

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils.generic import NameObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from iess.documents import pki
from iess.documents.models import TrustedRoot
from iess.documents.signing import institution_identity, pdf_sign, pdf_signature_inspect
from iess.documents.testing import (
    certificate_authority,
    pdf_sign_with,
    sample_pdf,
    signer,
    test_ca,
    trust,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trusted():
    trust(test_ca())


@functools.cache
def _institution_signed() -> bytes:
    return pdf_sign(sample_pdf())


def _flip_byte(content: bytes, needle: bytes = b"/Producer") -> bytes:
    changed = bytearray(content)
    index = content.index(needle) + 2
    changed[index] = changed[index] ^ 0x01
    return bytes(changed)


def _append_update(content: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    writer.root["/IESSNota"] = NameObject("/Cambio")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_a_trusted_signature_is_valid_and_described(trusted):
    report = pdf_signature_inspect(pdf_sign_with(sample_pdf(), signer("María Andrade")))
    assert report.ok and report.status == "valid"
    assert report.signer_name == "María Andrade"
    assert "María Andrade" in report.certificate_subject
    assert "CA de pruebas IESS" in report.certificate_issuer
    assert report.certificate_serial
    assert report.valid_from < report.signed_at < report.valid_until
    assert report.signature_count == 1


def test_unsigned_pdf():
    report = pdf_signature_inspect(sample_pdf())
    assert report.status == "unsigned" and not report.ok and report.message


@pytest.mark.parametrize(
    "content", [b"", b"hola", b"%PDF-1.7\n garbage \x00\xff" * 10, b"\x89PNG\r\n" + b"0" * 100]
)
def test_garbage_is_invalid_not_an_error(content):
    report = pdf_signature_inspect(content)
    assert report.status == "invalid" and report.message


def test_encrypted_pdf_is_invalid_with_its_own_message():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf())))
    writer.encrypt("secreto")
    output = io.BytesIO()
    writer.write(output)
    report = pdf_signature_inspect(output.getvalue())
    assert report.status == "invalid"
    assert "contraseña" in report.message


def test_untrusted_ca():
    stranger = signer("Intruso", ca=certificate_authority("Otra CA"))
    report = pdf_signature_inspect(pdf_sign_with(sample_pdf(), stranger))
    assert report.status == "untrusted" and report.signer_name == "Intruso"


def test_expired_certificate_is_invalid(trusted):
    now = datetime.datetime.now(datetime.UTC)
    expired = signer(
        "Caducado",
        valid_from=now - datetime.timedelta(days=60),
        valid_until=now - datetime.timedelta(days=1),
    )
    report = pdf_signature_inspect(pdf_sign_with(sample_pdf(), expired))
    assert report.status == "invalid"
    assert "vigente" in report.message


def test_a_byte_changed_after_signing_is_modified(trusted):
    signed = pdf_sign_with(sample_pdf(), signer("María Andrade"))
    report = pdf_signature_inspect(_flip_byte(signed))
    assert report.status == "modified" and "modificado" in report.message


def test_an_incremental_update_after_signing_is_modified(trusted):
    signed = pdf_sign_with(sample_pdf(), signer("María Andrade"))
    report = pdf_signature_inspect(_append_update(signed))
    assert report.status == "modified"
    assert "archivo completo" in report.message


def test_bytes_appended_after_signing_are_modified(trusted):
    signed = pdf_sign_with(sample_pdf(), signer("María Andrade"))
    assert pdf_signature_inspect(signed + b"\n% extra\n").status == "modified"


def test_several_signatures_must_all_hold_and_the_last_is_described(trusted):
    first = pdf_sign_with(sample_pdf(), signer("Primera Firma"))
    both = pdf_sign_with(first, signer("Segunda Firma"))
    report = pdf_signature_inspect(both)
    assert report.ok and report.signature_count == 2
    assert report.signer_name == "Segunda Firma"

    stranger_first = pdf_sign_with(
        sample_pdf(), signer("Intruso", ca=certificate_authority("Otra CA"))
    )
    report = pdf_signature_inspect(pdf_sign_with(stranger_first, signer("Segunda Firma")))
    assert report.status == "untrusted" and report.signer_name == "Intruso"


def test_the_institution_signs_with_its_own_identity_which_is_trusted():
    signed = pdf_sign(sample_pdf())
    report = pdf_signature_inspect(signed)
    assert report.ok
    assert report.certificate_fingerprint == pki.certificate_fingerprint(
        institution_identity().certificate
    )


def test_only_active_trusted_roots_count(trusted):
    signed = pdf_sign_with(sample_pdf(), signer("María Andrade"))
    TrustedRoot.objects.update(active=False)
    assert pdf_signature_inspect(signed).status == "untrusted"


def test_trust_is_idempotent():
    assert trust(test_ca()).pk == trust(test_ca()).pk
    assert TrustedRoot.objects.count() == 1


def test_trusted_root_rejects_what_is_not_a_ca_certificate():
    with pytest.raises(ValidationError):
        TrustedRoot(name="Basura", certificate_pem="no es un certificado").save()
    leaf = pki.certificate_pem(signer("María Andrade").certificate)
    with pytest.raises(ValidationError):
        TrustedRoot(name="Hoja", certificate_pem=leaf).save()
    root = TrustedRoot(name="CA", certificate_pem=pki.certificate_pem(test_ca().certificate))
    root.full_clean()
    root.save()
    assert root.fingerprint == pki.certificate_fingerprint(test_ca().certificate)
    assert "CA de pruebas IESS" in root.subject


@settings(max_examples=25)
@given(noise=st.binary(max_size=400), cut=st.integers(min_value=0, max_value=12000))
def test_inspect_answers_any_bytes_without_raising(noise, cut):
    signed = _institution_signed()
    for content in (b"%PDF-1.7\n" + noise, signed[:cut] + noise, noise + signed):
        report = pdf_signature_inspect(content)
        assert report.status in {"unsigned", "valid", "modified", "invalid", "untrusted"}
        assert report.message
