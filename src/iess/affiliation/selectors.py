"""Reads of affiliation records that other apps use (voluntary affiliation, clave, portal)."""

from iess.affiliation.models import Affiliation, Contribution, EmploymentRecord, Retirement


def affiliation_active_list(*, person_id: int):
    return Affiliation.objects.filter(
        person_id=person_id, status=Affiliation.Status.ACTIVE
    ).select_related("employer")


def affiliation_list(*, person_id: int):
    return Affiliation.objects.filter(person_id=person_id).select_related("employer")


def person_is_retired(*, person_id: int) -> bool:
    return Retirement.objects.filter(person_id=person_id).exists()


def contribution_list(*, person_id: int):
    return Contribution.objects.filter(person_id=person_id).select_related("employer")


def employment_history(*, person_id: int):
    return EmploymentRecord.objects.filter(person_id=person_id).select_related("employer")
