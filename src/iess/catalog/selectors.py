"""Reads of the catalog shared by the pages, the API and other apps."""

from dataclasses import asdict, dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from iess.catalog.loader import text_normalize
from iess.catalog.models import Attention, Audience, Channel, Complaint, Procedure


def procedure_list(
    *, q: str = "", audience: str = "", channel: str = "", needs_appointment: bool | None = None
) -> QuerySet[Procedure]:
    """Procedures whose names, descriptions or results contain every word of `q` (accents and
    case ignored), for the given audience and channel keys (unknown keys are ignored);
    `needs_appointment=True` gives the procedures the turnero offers."""
    procedures = Procedure.objects.all()
    if needs_appointment is not None:
        procedures = procedures.filter(needs_appointment=needs_appointment)
    for word in text_normalize(q).split():
        procedures = procedures.filter(search_text__contains=word)
    if audience in Audience.values:
        procedures = procedures.filter(facets__contains=f" audience:{audience} ")
    if channel in Channel.values:
        procedures = procedures.filter(facets__contains=f" channel:{channel} ")
    return procedures.order_by("number")


def procedure_get(*, slug: str) -> Procedure | None:
    return Procedure.objects.filter(slug=slug).first()


@dataclass(frozen=True)
class TransparencyMonth:
    year: int
    month: int
    complaints: int
    attentions: int
    historical_complaints: int
    historical_attentions: int
    live_complaints: int
    live_attentions: int

    def as_dict(self) -> dict:
        return asdict(self)


def _monthly_counts(queryset, field: str) -> dict[tuple[int, int], int]:
    zone = timezone.get_current_timezone()
    rows = (
        queryset.annotate(y=ExtractYear(field, tzinfo=zone), m=ExtractMonth(field, tzinfo=zone))
        .values("y", "m")
        .annotate(total=Count("id"))
        .order_by()
    )
    return {(row["y"], row["m"]): row["total"] for row in rows}


def transparency_months(*, procedure: Procedure) -> list[TransparencyMonth]:
    """The sheet's historical monthly rows plus the system's own attentions and complaints
    (months in Ecuador's time), newest month first; one month in both sources is summed."""
    historical = {(row.year, row.month): row for row in procedure.transparency_records.all()}
    attentions = _monthly_counts(Attention.objects.filter(procedure=procedure), "at")
    complaints = _monthly_counts(Complaint.objects.filter(procedure=procedure), "filed_at")
    months = sorted(set(historical) | set(attentions) | set(complaints), reverse=True)
    result = []
    for key in months:
        record = historical.get(key)
        historical_complaints = record.complaints if record else 0
        historical_attentions = record.attentions if record else 0
        live_complaints, live_attentions = complaints.get(key, 0), attentions.get(key, 0)
        result.append(
            TransparencyMonth(
                year=key[0],
                month=key[1],
                complaints=historical_complaints + live_complaints,
                attentions=historical_attentions + live_attentions,
                historical_complaints=historical_complaints,
                historical_attentions=historical_attentions,
                live_complaints=live_complaints,
                live_attentions=live_attentions,
            )
        )
    return result


def complaint_list(*, province_id: str | None = None) -> QuerySet[Complaint]:
    """Every complaint, or only those of one province (staff scoped to a province)."""
    complaints = Complaint.objects.select_related("procedure", "province").order_by("-filed_at")
    if province_id is not None:
        complaints = complaints.filter(province_id=province_id)
    return complaints
