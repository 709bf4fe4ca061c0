"""Public JSON API of the catalog: list, one sheet, its transparency figures."""

from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.responses import Status

from iess.catalog import selectors
from iess.catalog.models import Audience, Channel, Procedure

router = Router(tags=["procedures"])


class ErrorOut(Schema):
    code: str
    detail: str


class ItemOut(Schema):
    number: int | None = None
    text: str
    paragraphs: list[str] = []
    substeps: list[str] = []
    subitems: list[str] = []
    notes_title: str | None = None
    notes: list[str] = []
    channel_notes: dict[str, str] = {}


class GroupOut(Schema):
    channel: str | None = None
    channel_key: Channel | None = None
    title: str | None = None
    subheadings: list[str] = []
    intro: str | None = None
    items: list[ItemOut]
    notes: list[str] = []


class RequirementsOut(Schema):
    general: list[GroupOut]
    specific: list[GroupOut]
    alternative: list[GroupOut]
    additional: list[GroupOut]


class LawOut(Schema):
    law: str
    articles: str


class ContactOut(Schema):
    office: str
    email: str | None
    phone: str


class ProcedureSummaryOut(Schema):
    slug: str
    number: int
    name: str
    name_en: str
    description: str
    description_en: str
    audience_keys: list[Audience]
    channel_keys: list[Channel]
    needs_appointment: bool
    url: str = Field(description="Public page of the sheet")


class ProcedureOut(ProcedureSummaryOut):
    institution: str
    audience: str
    directed_to: list[str]
    result_type: str
    results: list[str]
    requirements: RequirementsOut
    steps: list[GroupOut]
    channels: list[str]
    cost: str
    hours: str
    legal_basis: list[LawOut]
    contact: ContactOut
    transparency_url: str


class MonthOut(Schema):
    year: int
    month: int = Field(ge=1, le=12)
    complaints: int = Field(ge=0)
    attentions: int = Field(ge=0)
    historical_complaints: int = Field(ge=0)
    historical_attentions: int = Field(ge=0)
    live_complaints: int = Field(ge=0)
    live_attentions: int = Field(ge=0)


class TransparencyOut(Schema):
    slug: str
    name: str
    months: list[MonthOut]


def _summary(procedure: Procedure) -> dict:
    return {
        "slug": procedure.slug,
        "number": procedure.number,
        "name": procedure.name,
        "name_en": procedure.name_en,
        "description": procedure.description,
        "description_en": procedure.description_en,
        "audience_keys": procedure.audience_keys,
        "channel_keys": procedure.channel_keys,
        "needs_appointment": procedure.needs_appointment,
        "url": reverse("catalog:procedure_detail", args=[procedure.slug]),
    }


def _not_found(slug: str):
    return Status(404, {"code": "not_found", "detail": f"Procedure {slug!r} does not exist."})


@router.get("", response=list[ProcedureSummaryOut], summary="List procedures")
def procedure_list(
    request, q: str = "", audience: Audience | None = None, channel: Channel | None = None
):
    """Procedures whose name, description or results contain every word of `q` (accents and
    case ignored), optionally only those for an audience or offered through a channel."""
    procedures = selectors.procedure_list(
        q=q, audience=audience.value if audience else "", channel=channel.value if channel else ""
    )
    return [_summary(procedure) for procedure in procedures]


@router.get("/{slug}", response={200: ProcedureOut, 404: ErrorOut}, summary="One procedure sheet")
def procedure_detail(request, slug: str):
    procedure = selectors.procedure_get(slug=slug)
    if procedure is None:
        return _not_found(slug)
    return Status(
        200,
        {
            **_summary(procedure),
            "institution": procedure.institution,
            "audience": procedure.audience,
            "directed_to": procedure.directed_to,
            "result_type": procedure.result_type,
            "results": procedure.results,
            "requirements": procedure.requirements,
            "steps": procedure.steps,
            "channels": procedure.channels,
            "cost": procedure.cost,
            "hours": procedure.hours,
            "legal_basis": procedure.legal_basis,
            "contact": {
                "office": procedure.contact_office,
                "email": procedure.contact_email or None,
                "phone": procedure.contact_phone,
            },
            "transparency_url": reverse("catalog:transparency_json", args=[procedure.slug]),
        },
    )


@router.get(
    "/{slug}/transparency",
    response={200: TransparencyOut, 404: ErrorOut},
    summary="Monthly complaints and attentions of a procedure",
)
def procedure_transparency(request, slug: str):
    """The sheet's historical monthly rows plus the attentions and complaints recorded by this
    system, newest month first; a month present in both is summed."""
    procedure = selectors.procedure_get(slug=slug)
    if procedure is None:
        return _not_found(slug)
    months = selectors.transparency_months(procedure=procedure)
    return Status(
        200,
        {
            "slug": procedure.slug,
            "name": procedure.name,
            "months": [month.as_dict() for month in months],
        },
    )
