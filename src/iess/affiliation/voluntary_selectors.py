"""Reads of the voluntary affiliation (AFÍLIATE Ya): rates and SBU in force on a date, the
person's voluntary affiliation, its base per month and its obligations."""

import datetime
from decimal import Decimal

from django.db.models import Q

from iess.affiliation.models import (
    Affiliation,
    SalarioBasico,
    VoluntaryAffiliation,
    VoluntaryBaseChange,
    VoluntaryObligation,
    VoluntaryRate,
)


def _in_force(queryset, on: datetime.date):
    return (
        queryset.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .first()
    )


def voluntary_rate_on(on: datetime.date) -> VoluntaryRate | None:
    return _in_force(VoluntaryRate.objects, on)


def sbu_on(on: datetime.date) -> SalarioBasico | None:
    return _in_force(SalarioBasico.objects, on)


def voluntary_affiliation_active_get(*, person_id: int) -> VoluntaryAffiliation | None:
    return (
        VoluntaryAffiliation.objects.select_related("affiliation", "person")
        .filter(
            person_id=person_id,
            affiliation__kind=Affiliation.Kind.VOLUNTARY,
            affiliation__status=Affiliation.Status.ACTIVE,
        )
        .first()
    )


def voluntary_base_for_month(*, voluntary: VoluntaryAffiliation, month: datetime.date) -> Decimal:
    """The declared base in force in `month`: the latest change effective by then, or the
    base declared at registration."""
    change = (
        VoluntaryBaseChange.objects.filter(voluntary=voluntary, effective_from__lte=month)
        .order_by("-effective_from")
        .first()
    )
    return change.declared_base if change else voluntary.declared_base


def voluntary_base_change_pending(
    *, voluntary: VoluntaryAffiliation, today: datetime.date
) -> VoluntaryBaseChange | None:
    return (
        VoluntaryBaseChange.objects.filter(voluntary=voluntary, effective_from__gt=today)
        .order_by("effective_from")
        .first()
    )


def voluntary_obligation_list(*, voluntary: VoluntaryAffiliation):
    return VoluntaryObligation.objects.filter(voluntary=voluntary).order_by("month")


def voluntary_obligation_next_due(*, voluntary: VoluntaryAffiliation) -> VoluntaryObligation | None:
    return (
        VoluntaryObligation.objects.filter(
            voluntary=voluntary, status=VoluntaryObligation.Status.PENDING
        )
        .order_by("due_date")
        .first()
    )
