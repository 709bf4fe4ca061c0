import hashlib
import io
import logging
import re
from dataclasses import dataclass

from cryptography import x509
from django.utils.translation import gettext as _

from iess.documents.models import IssuedDocument, TrustedRoot
from iess.documents.pdf import VERIFICATION_KEYWORD
from iess.documents.signing import SignatureReport, pdf_signature_inspect

logger = logging.getLogger(__name__)

# The largest PDF the public verification accepts (web form and API).
VERIFY_UPLOAD_MAX_BYTES = 1024 * 1024


def document_get_by_code(code: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(code=(code or "").strip().upper()).first()


def document_for_subject(*, subject, kind: str) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk), kind=kind
        )
        .order_by("-issued_at")
        .first()
    )


def document_list_for_person(*, person_id: int):
    return IssuedDocument.objects.filter(person_id=person_id, revoked_at__isnull=True)


_parsed_roots: dict[str, x509.Certificate] = {}


def trusted_root_certificates() -> list[x509.Certificate]:
    """The active trusted roots, parsed once per process (keyed by their fingerprint)."""
    certificates = []
    for fingerprint, pem in TrustedRoot.objects.filter(active=True).values_list(
        "fingerprint", "certificate_pem"
    ):
        certificate = _parsed_roots.get(fingerprint)
        if certificate is None:
            certificate = _parsed_roots[fingerprint] = x509.load_pem_x509_certificate(pem.encode())
        certificates.append(certificate)
    return certificates


# --- public verification ----------------------------------------------------------------------


def holder_mask(name: str) -> str:
    """Each word of the name as its first letter and three stars: "María José Paz" becomes
    "M*** J*** P***". Enough to match a paper in one's hands, too little to learn a name
    from a code (and the number of stars never tells the length)."""
    return " ".join(f"{word[0].upper()}***" for word in (name or "").split() if word)


def document_public(document: IssuedDocument) -> dict:
    """Everything a stranger holding the code may learn, and nothing more: no identity
    number, no data rows, no revocation reason (free text that may name the holder)."""
    return {
        "code": document.code,
        "status": "revoked" if document.revoked_at else "valid",
        "kind": document.kind,
        "title": document.title,
        "issued_at": document.issued_at,
        "revoked_at": document.revoked_at,
        "holder": holder_mask(document.holder_name),
    }


GENUINE = "genuine"
REVOKED = "revoked"
NOT_ISSUED = "not_issued"


@dataclass(frozen=True)
class PdfVerification:
    """The answer to "is this PDF a genuine IESS document?". `outcome` is genuine, revoked,
    not_issued, or the signature's own status (unsigned, modified, invalid, untrusted)."""

    outcome: str
    message: str
    signature: SignatureReport
    document: IssuedDocument | None = None

    @property
    def genuine(self) -> bool:
        return self.outcome == GENUINE


def document_code_embedded(content: bytes) -> str:
    """The verification code the IESS wrote into a PDF it issued (kept through later
    signatures), or an empty string."""
    from pypdf import PdfReader

    try:
        keywords = str((PdfReader(io.BytesIO(content)).metadata or {}).get("/Keywords") or "")
    except Exception:  # noqa: BLE001 -- the signature was valid; a metadata hiccup means "none"
        logger.info("no readable document information in a verified PDF", exc_info=True)
        return ""
    match = re.search(re.escape(VERIFICATION_KEYWORD) + r"([A-Z2-9]{12})", keywords)
    return match.group(1) if match else ""


def document_pdf_verify(content: bytes) -> PdfVerification:
    """A PDF is a genuine IESS document when its signature is valid, intact, covers the
    whole file and chains to a trusted root; its embedded code names an issued document
    signed by the same certificate; and its bytes hash to what was issued."""
    report = pdf_signature_inspect(content)
    if not report.ok:
        return PdfVerification(outcome=report.status, message=report.message, signature=report)
    document = document_get_by_code(document_code_embedded(content)) if content else None
    if document is None or report.certificate_fingerprint != document.signer_fingerprint:
        return PdfVerification(
            outcome=NOT_ISSUED,
            message=_(
                "La firma es válida, pero este PDF no es un documento emitido por IESS en línea."
            ),
            signature=report,
        )
    if hashlib.sha256(content).hexdigest() != document.pdf_sha256:
        return PdfVerification(
            outcome="modified",
            message=_("El PDF no coincide con el documento que el IESS emitió con ese código."),
            signature=report,
        )
    if document.revoked_at:
        return PdfVerification(
            outcome=REVOKED,
            message=_("Documento auténtico, pero fue anulado por el IESS."),
            signature=report,
            document=document,
        )
    return PdfVerification(
        outcome=GENUINE,
        message=_("Documento auténtico: emitido y firmado por el IESS, sin cambios."),
        signature=report,
        document=document,
    )
