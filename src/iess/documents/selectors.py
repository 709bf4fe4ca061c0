from cryptography import x509

from iess.documents.models import IssuedDocument, TrustedRoot


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
