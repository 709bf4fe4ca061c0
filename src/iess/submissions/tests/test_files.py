"""Each document is judged by its content: the good and hostile corpus, each refusal with its
own code and message, and the electronic signature where the sheet requires one."""

import pytest

from iess.core.errors import ServiceError
from iess.documents.testing import certificate_authority, pdf_sign_with, signer
from iess.submissions.files import attachment_check, filename_clean
from iess.submissions.tests import corpus
from iess.submissions.tests.helpers import signed_pdf


def refusal(filename: str, content: bytes, **options) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        attachment_check(filename=filename, content=content, field="document_x", **options)
    assert caught.value.field == "document_x"
    return caught.value


def test_a_pdf_and_a_jpg_are_accepted_with_their_type_and_hash():
    pdf = attachment_check(filename="ruc.pdf", content=corpus.pdf())
    jpg = attachment_check(filename="C:\\Users\\ana\\cédula.JPEG", content=corpus.jpg())
    assert pdf.content_type == "application/pdf" and len(pdf.sha256) == 64
    assert jpg.content_type == "image/jpeg" and jpg.filename == "cédula.JPEG"


@pytest.mark.parametrize(
    ("filename", "make", "code", "words"),
    [
        (
            "instalador.pdf",
            corpus.renamed_executable,
            "file_wrong_content",
            "no es un JPG ni un PDF",
        ),
        ("foto.jpg", corpus.jpg_with_pdf_inside, "jpg_polyglot", "otro documento"),
        ("escaneo.pdf", corpus.pdf_with_jpg_header, "file_renamed", "renombrado"),
        ("escaneo.jpg", lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 500, "image_invalid", "JPG válida"),
        ("documento.jpg", corpus.pdf, "file_renamed", "renombrado"),
        ("grande.pdf", corpus.oversized_pdf, "file_too_large", "1 MB"),
        ("vacio.pdf", lambda: b"", "file_empty", "vacío"),
        ("cifrado.pdf", corpus.encrypted_pdf, "pdf_encrypted", "contraseña"),
        ("script.pdf", corpus.javascript_pdf, "pdf_javascript", "JavaScript"),
        ("adjunto.pdf", corpus.embedded_file_pdf, "pdf_embedded_file", "incrustados"),
        ("cortado.pdf", corpus.truncated_pdf, "pdf_invalid", "dañado"),
        ("roto.pdf", corpus.malformed_pdf, "pdf_invalid", "dañado"),
        ("imagen.png", corpus.jpg, "file_wrong_type", "JPG o PDF"),
        ("programa.exe", corpus.renamed_executable, "file_wrong_type", "JPG o PDF"),
    ],
)
def test_hostile_files_are_refused_each_with_its_message(filename, make, code, words):
    error = refusal(filename, make())
    assert error.code == code
    assert words in str(error.message)


def test_exactly_one_megabyte_is_still_accepted():
    content = corpus.jpg()
    content += b"\x00" * (corpus.ONE_MB - len(content))
    assert attachment_check(filename="justo.jpg", content=content).size == corpus.ONE_MB


def test_a_name_with_a_folder_or_odd_characters_is_cleaned():
    assert filename_clean("../../etc/passwd.pdf") == "passwd.pdf"
    assert filename_clean('a"b<c>.pdf') == "abc.pdf"


@pytest.mark.django_db
class TestElectronicSignature:
    @pytest.fixture(autouse=True)
    def _trusted(self, ventanilla):
        pass

    def test_a_valid_signature_by_the_trusted_test_ca_is_accepted_and_described(self):
        checked = attachment_check(
            filename="solicitud.pdf", content=signed_pdf(), electronic_signature=True
        )
        assert checked.signature.ok
        assert checked.signature.signer_name == "María Andrade"
        assert "CA de pruebas IESS" in checked.signature.certificate_issuer

    def test_an_unsigned_pdf_is_refused(self):
        error = refusal("solicitud.pdf", corpus.pdf(), electronic_signature=True)
        assert error.code == "signature_unsigned"
        assert "firma electrónica" in str(error.message)

    def test_a_signed_pdf_modified_after_signing_is_refused(self):
        error = refusal("solicitud.pdf", signed_pdf() + b"\n% extra\n", electronic_signature=True)
        assert error.code == "signature_modified"

    def test_a_signature_by_an_untrusted_ca_is_refused(self):
        stranger = signer("Intruso", ca=certificate_authority("Otra CA"))
        content = pdf_sign_with(corpus.pdf(), stranger)
        error = refusal("solicitud.pdf", content, electronic_signature=True)
        assert error.code == "signature_untrusted"

    def test_a_pdf_signed_only_by_the_institution_is_not_the_citizens_signature(self):
        from iess.documents.signing import pdf_sign

        error = refusal("solicitud.pdf", pdf_sign(corpus.pdf()), electronic_signature=True)
        assert error.code == "signature_missing_signer"
        assert "solo tiene la firma del IESS" in str(error.message)

    def test_the_institutions_document_signed_again_by_the_citizen_is_accepted(self):
        from iess.documents.signing import pdf_sign

        content = pdf_sign_with(pdf_sign(corpus.pdf()), signer("María Andrade"))
        checked = attachment_check(
            filename="solicitud.pdf", content=content, electronic_signature=True
        )
        assert checked.signature.signer_name == "María Andrade"
        assert checked.signature.signature_count == 2

    def test_an_image_cannot_carry_the_required_signature(self):
        error = refusal("solicitud.jpg", corpus.jpg(), electronic_signature=True)
        assert error.code == "signature_needs_pdf"

    def test_content_checks_come_before_the_signature(self):
        error = refusal("solicitud.pdf", corpus.javascript_pdf(), electronic_signature=True)
        assert error.code == "pdf_javascript"
