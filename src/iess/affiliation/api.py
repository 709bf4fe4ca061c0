"""AFÍLIATE Ya as a JSON API: the same steps and rules as the web pages (voluntary_services).
An application id (random UUID) is the client's handle between the steps."""

import datetime
import uuid
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from iess.affiliation import voluntary_limits as limits
from iess.affiliation import voluntary_services as services
from iess.affiliation.models import Religion
from iess.affiliation.voluntary_terms import TERMS, TERMS_TITLE
from iess.core.errors import ServiceError

router = Router(tags=["voluntary-affiliation"])


class Error(Schema):
    code: str
    detail: str
    field: str | None = None


class QuoteIn(Schema):
    declared_base: Decimal = Field(..., max_digits=10, decimal_places=2)
    spouse_cover: bool = False
    month: datetime.date | None = None


class QuoteOut(Schema):
    month: datetime.date
    declared_base: Decimal
    sbu: Decimal
    contribution_rate: Decimal
    spouse_health_rate: Decimal
    spouse_cover: bool
    contribution_amount: Decimal
    spouse_amount: Decimal
    total: Decimal
    due_date: datetime.date


class StartIn(Schema):
    cedula: str


class ApplicationOut(Schema):
    id: uuid.UUID
    next_step: str
    first_names: str | None = Field(None, description="Once the birth date is confirmed.")


class BirthDateIn(Schema):
    birth_date: datetime.date


class BaseIn(Schema):
    declared_base: Decimal = Field(..., max_digits=10, decimal_places=2)
    spouse_cover: bool = False


class ContactIn(Schema):
    mobile: str
    email: str


class CodeIn(Schema):
    code: str


class ResidenceIn(Schema):
    resident_in_ecuador: bool
    residence_country: str = ""
    address_abroad: str = ""
    religion: Religion
    home_address: str


class TermsSection(Schema):
    heading: str
    text: str


class TermsOut(Schema):
    title: str
    sections: list[TermsSection]


class AcceptIn(Schema):
    accept_terms: bool


class AffiliationOut(Schema):
    affiliation_id: int
    person: str
    kind: str
    start_date: datetime.date
    declared_base: Decimal
    spouse_cover: bool
    monthly_total: Decimal
    first_due_date: datetime.date


def _application_out(application) -> dict:
    return {
        "id": application.pk,
        "first_names": application.person.first_names if application.birth_date_confirmed else None,
        "next_step": services.voluntary_application_next_step(application),
    }


def _reload(application_id):
    return services.voluntary_application_get(application_id=application_id)


ERRORS = {400: Error, 404: Error, 409: Error, 429: Error, 503: Error}


@router.post("/quote", response={200: QuoteOut, **ERRORS}, summary="Calcular el aporte mensual")
def quote(request: HttpRequest, payload: QuoteIn):
    result = services.voluntary_contribution_calculate(
        declared_base=payload.declared_base,
        spouse_cover=payload.spouse_cover,
        month=payload.month or services.today(),
    )
    return result.as_dict()


@router.get("/terms", response=TermsOut, summary="Términos y condiciones")
def terms(request: HttpRequest):
    return {
        "title": str(TERMS_TITLE),
        "sections": [{"heading": str(h), "text": str(t)} for h, t in TERMS],
    }


@router.post("/applications", response={201: ApplicationOut, **ERRORS}, summary="1. Cédula")
def application_start(request: HttpRequest, payload: StartIn):
    limits.start_limit(request, identity=payload.cedula)
    application = services.voluntary_application_start(
        identity=payload.cedula, language=get_language() or "es"
    )
    return Status(201, _application_out(application))


@router.post("/applications/{application_id}/birth-date", response={200: ApplicationOut, **ERRORS})
def application_birth_date(request: HttpRequest, application_id: uuid.UUID, payload: BirthDateIn):
    limits.birth_date_limit(request)
    services.voluntary_application_confirm_birth_date(
        application_id=application_id, birth_date=payload.birth_date
    )
    return _application_out(_reload(application_id))


@router.post("/applications/{application_id}/contribution", response={200: QuoteOut, **ERRORS})
def application_contribution(request: HttpRequest, application_id: uuid.UUID, payload: BaseIn):
    result = services.voluntary_application_set_base(
        application_id=application_id,
        declared_base=payload.declared_base,
        spouse_cover=payload.spouse_cover,
    )
    return result.as_dict()


@router.post("/applications/{application_id}/contact", response={200: ApplicationOut, **ERRORS})
def application_contact(request: HttpRequest, application_id: uuid.UUID, payload: ContactIn):
    limits.code_send_limit(request, email=payload.email)
    application = services.voluntary_application_set_contact(
        application_id=application_id, mobile=payload.mobile, email=payload.email
    )
    return _application_out(application)


@router.post(
    "/applications/{application_id}/email-code/resend", response={200: ApplicationOut, **ERRORS}
)
def application_resend_code(request: HttpRequest, application_id: uuid.UUID):
    return _application_out(
        services.voluntary_application_resend_code(application_id=application_id)
    )


@router.post("/applications/{application_id}/email-code", response={200: ApplicationOut, **ERRORS})
def application_verify_email(request: HttpRequest, application_id: uuid.UUID, payload: CodeIn):
    services.voluntary_application_verify_email(application_id=application_id, code=payload.code)
    return _application_out(_reload(application_id))


@router.post("/applications/{application_id}/residence", response={200: ApplicationOut, **ERRORS})
def application_residence(request: HttpRequest, application_id: uuid.UUID, payload: ResidenceIn):
    application = services.voluntary_application_set_residence(
        application_id=application_id,
        resident_in_ecuador=payload.resident_in_ecuador,
        residence_country=payload.residence_country,
        address_abroad=payload.address_abroad,
        religion=payload.religion,
        home_address=payload.home_address,
    )
    return _application_out(application)


@router.post(
    "/applications/{application_id}/accept",
    response={201: AffiliationOut, **ERRORS},
    summary="6. ACEPTO TÉRMINOS Y CONDICIONES: registra la afiliación",
    description=(
        "Send an `Idempotency-Key` header (any unique string up to 64 characters): "
        "a retried request answers with the affiliation the first one registered."
    ),
)
def application_accept(request: HttpRequest, application_id: uuid.UUID, payload: AcceptIn):
    key = request.headers.get("Idempotency-Key", "")
    if not key:
        raise ServiceError(_("Falta la cabecera Idempotency-Key."), code="idempotency_key_missing")
    voluntary = services.voluntary_affiliation_register(
        application_id=application_id, accept_terms=payload.accept_terms, idempotency_key=key
    )
    obligation = voluntary.obligations.order_by("month").first()
    return Status(
        201,
        {
            "affiliation_id": voluntary.affiliation_id,
            "person": voluntary.person.full_name,
            "kind": voluntary.affiliation.kind,
            "start_date": voluntary.affiliation.start_date,
            "declared_base": voluntary.declared_base,
            "spouse_cover": voluntary.spouse_cover,
            "monthly_total": obligation.total,
            "first_due_date": obligation.due_date,
        },
    )
