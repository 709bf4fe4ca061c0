"""Reads of affiliation records that other apps use (voluntary affiliation, clave, portal)."""

import datetime

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import ExtractYear

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


def employers_in_records():
    """Every employer that appears in anyone's employment history or employee affiliation:
    the pool the clave questions draw their wrong options from."""
    from iess.registry.models import Employer

    return Employer.objects.filter(
        Q(employment_records__isnull=False) | Q(affiliations__kind=Affiliation.Kind.EMPLOYEE)
    ).distinct()


def employers_worked_for(*, person_id: int):
    """The employers of a person's employment history and employee affiliations."""
    from iess.registry.models import Employer

    return Employer.objects.filter(
        Q(employment_records__person_id=person_id)
        | Q(affiliations__person_id=person_id, affiliations__kind=Affiliation.Kind.EMPLOYEE)
    ).distinct()


def first_contribution_month(*, person_id: int) -> datetime.date | None:
    return Contribution.objects.filter(person_id=person_id).aggregate(first=Min("month"))["first"]


def first_contribution_years(*, exclude_person_id: int) -> list[int]:
    """The year each other person first contributed (distinct, ascending)."""
    firsts = (
        Contribution.objects.exclude(person_id=exclude_person_id)
        .values("person_id")
        .annotate(first=Min("month"))
        .values_list("first", flat=True)
    )
    return sorted({month.year for month in firsts})


def contribution_yearly_totals(*, person_id: int) -> list[dict]:
    """Per calendar year: months contributed, total base and total amount (ascending)."""
    rows = (
        Contribution.objects.filter(person_id=person_id)
        .annotate(year=ExtractYear("month"))
        .values("year")
        .annotate(months=Count("id"), base=Sum("base"), amount=Sum("amount"))
        .order_by("year")
    )
    return list(rows)


def employer_workers_active_list(*, employer_id: int):
    """The employer's workers on record: active employee affiliations, by name."""
    return (
        Affiliation.objects.filter(
            employer_id=employer_id,
            kind=Affiliation.Kind.EMPLOYEE,
            status=Affiliation.Status.ACTIVE,
        )
        .select_related("person")
        .order_by("person__last_names", "person__first_names")
    )
