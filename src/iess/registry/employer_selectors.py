"""Reads of employer registrations (see employer_services)."""

from iess.registry.models import EmployerRegistration


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
