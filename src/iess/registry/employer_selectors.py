"""Reads of employer registrations (see employer_services)."""

from iess.registry.models import EmployerRegistration
from iess.registry.validators import IdentityDocument, IdentityDocumentKind, document_number_compact


def employer_registration_get_by_ruc(ruc: str) -> EmployerRegistration | None:
    return (
        EmployerRegistration.objects.select_related("employer", "representative")
        .filter(employer__ruc=(ruc or "").strip())
        .first()
    )


def employer_registration_get(*, registration_id: int) -> EmployerRegistration | None:
    return (
        EmployerRegistration.objects.select_related("employer", "representative")
        .filter(pk=registration_id)
        .first()
    )


def employer_representative_identified(
    *, registration: EmployerRegistration, document: IdentityDocument
) -> bool:
    """Whether the registration's legal representative holds this identity document. The
    number is compared with the representative's document of the same kind only (a cédula
    never matches a passport that happens to have the same digits), and a passport or a visa
    also by its country. Any document of the representative counts, not only the one chosen
    when registering: it is the same person. The visa may be the one given at registration."""
    person = registration.representative
    if document.kind == IdentityDocumentKind.CEDULA:
        return person.cedula == document.number
    if document.kind == IdentityDocumentKind.FOREIGNER_CODE:
        return person.foreigner_code == document.number
    if document.nationality != person.nationality:
        return False
    if document.kind == IdentityDocumentKind.PASSPORT:
        return document_number_compact(person.passport_number) == document.number
    visas = {
        document_number_compact(registration.visa_number),
        document_number_compact(person.visa_number),
    }
    return document.kind == IdentityDocumentKind.VISA and document.number in visas - {""}
