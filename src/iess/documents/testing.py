"""Test support for every app: certification authorities, signers and signed sample PDFs.

ca = test_ca(); trust(ca)                  # the test CA is now a TrustedRoot (DB)
pdf = pdf_sign_with(sample_pdf(), signer("María Andrade"))
pdf_signature_inspect(pdf).ok              # True
stranger = signer("Intruso", ca=certificate_authority("Otra CA"))   # untrusted
"""

import datetime
import functools

from fpdf import FPDF

from iess.documents import pki
from iess.documents.signing import pdf_sign_as


@functools.cache
def certificate_authority(common_name: str) -> pki.CertificateAuthority:
    """A root CA, made once per process and name (not trusted until `trust(ca)`)."""
    return pki.certificate_authority_create(common_name, organization="Pruebas")


def test_ca() -> pki.CertificateAuthority:
    """The shared test certification authority."""
    return certificate_authority("CA de pruebas IESS")


# Not a test function, although pytest would collect it by its name in a test module.
test_ca.__test__ = False


@functools.cache
def _signer(
    common_name: str,
    ca: pki.CertificateAuthority,
    valid_from: datetime.datetime | None,
    valid_until: datetime.datetime | None,
) -> pki.SigningIdentity:
    return pki.signing_identity_issue(
        ca, common_name, organization="Pruebas", not_before=valid_from, not_after=valid_until
    )


def signer(
    common_name: str,
    *,
    ca: pki.CertificateAuthority | None = None,
    valid_from: datetime.datetime | None = None,
    valid_until: datetime.datetime | None = None,
) -> pki.SigningIdentity:
    """A signing identity issued by `ca` (default: the test CA). Pass valid_from/valid_until
    for an expired or not-yet-valid certificate."""
    return _signer(common_name, ca or test_ca(), valid_from, valid_until)


def pdf_sign_with(content: bytes, identity: pki.SigningIdentity) -> bytes:
    """Signs a PDF with a test identity instead of the institution's."""
    return pdf_sign_as(content, identity)


def trust(ca: pki.CertificateAuthority):
    """Registers the CA as a TrustedRoot (needs the database). Returns the row."""
    from iess.documents.services import trusted_root_add

    return trusted_root_add(name=ca.name, certificate_pem=pki.certificate_pem(ca.certificate))


def sample_pdf(text: str = "Documento de prueba") -> bytes:
    """A small one-page unsigned PDF."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())
