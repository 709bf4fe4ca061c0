"""The turnero's JSON API: one endpoint per operation, the same services as the pages.

Booking takes an identity verified by email code (POST /verifications, then /check) and an
Idempotency-Key header, so a retried request books once. Identity lookups, code sends and
booking-code lookups are rate-limited (429)."""

import datetime
import uuid

from ninja import Header, Router, Schema, Status

from iess.appointments import limits, selectors, services
from iess.appointments.models import Agency
from iess.core.errors import ServiceError

router = Router(tags=["turnos"])


class ErrorOut(Schema):
    code: str
    detail: str
    field: str | None = None


class ProcedureOut(Schema):
    slug: str
    name: str


class AgencyOut(Schema):
    id: int
    name: str
    province: str
    city: str
    address: str
    kind: str


class DayOut(Schema):
    day: datetime.date
    free: int


class SlotOut(Schema):
    starts_at: datetime.datetime
    free: int


class VerificationIn(Schema):
    identity: str
    email: str
    mobile: str


class VerificationOut(Schema):
    verification_id: uuid.UUID
    email: str


class VerificationCheckOut(Schema):
    verified: bool
    name: str


class CodeIn(Schema):
    code: str


class BookingIn(Schema):
    verification_id: uuid.UUID
    identity: str
    procedure: str
    agency: int
    starts_at: datetime.datetime
    mobile: str
    holder_identity: str = ""
    holder_name: str = ""


class BookingOut(Schema):
    code: str
    status: str
    procedure: str
    agency: str
    starts_at: datetime.datetime
    starts_at_local: str
    holder_name: str
    manage_url: str


class IdentityIn(Schema):
    identity: str


class RescheduleIn(Schema):
    identity: str
    starts_at: datetime.datetime


def _out(appointment) -> dict:
    from iess.appointments import rules

    return {
        "code": appointment.code,
        "status": appointment.status,
        "procedure": appointment.procedure.slug,
        "agency": appointment.agency.name,
        "starts_at": appointment.starts_at,
        "starts_at_local": rules.local(appointment.starts_at).isoformat(),
        "holder_name": appointment.holder_name,
        "manage_url": services.appointment_manage_url(appointment),
    }


def _procedure(slug: str):
    procedure = selectors.procedure_get(slug)
    if procedure is None:
        raise ServiceError(
            "Trámite desconocido.", code="unknown_procedure", field="procedure", status=404
        )
    return procedure


def _agency(agency_id: int):
    agency = Agency.objects.filter(pk=agency_id, is_active=True).first()
    if agency is None:
        raise ServiceError(
            "Agencia desconocida.", code="unknown_agency", field="agency", status=404
        )
    return agency


@router.get("/procedures", response=list[ProcedureOut])
def procedure_list(request):
    return list(selectors.procedure_list())


@router.get("/agencies", response=list[AgencyOut])
def agency_list(request, province: str = "", procedure: str = ""):
    procedure_type = _procedure(procedure) if procedure else None
    return [
        {
            "id": a.pk,
            "name": a.name,
            "province": a.province_id,
            "city": a.city,
            "address": a.address,
            "kind": a.kind,
        }
        for a in selectors.agency_list(province_code=province or None, procedure=procedure_type)
    ]


@router.get("/availability", response={200: list[DayOut], 404: ErrorOut})
def availability(request, agency: int, procedure: str):
    days = selectors.availability_calendar(agency=_agency(agency), procedure=_procedure(procedure))
    return [{"day": d.day, "free": d.free} for d in days]


@router.get("/availability/{day}", response={200: list[SlotOut], 404: ErrorOut})
def availability_day(request, day: datetime.date, agency: int, procedure: str):
    slots = selectors.availability_day(
        agency=_agency(agency), procedure=_procedure(procedure), day=day
    )
    return [{"starts_at": s.starts_at, "free": s.free} for s in slots]


@router.post(
    "/verifications", response={201: VerificationOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut}
)
def verification_start(request, payload: VerificationIn):
    """Sends the code to the person's registered email (the one typed must be it), or to the
    typed one when the registry has none. The answer names nobody: the person's name comes
    with the checked code."""
    limits.identity_lookup_limit(request)
    person = services.booker_identify(payload.identity)
    limits.code_send_limit(request, email=payload.email)
    verification, _mobile = services.appointment_verification_start(
        person=person, email=payload.email, mobile=payload.mobile
    )
    return Status(
        201,
        {"verification_id": verification.id, "email": services.email_mask(verification.email)},
    )


@router.post(
    "/verifications/{verification_id}/check",
    response={200: VerificationCheckOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
)
def verification_check(request, verification_id: uuid.UUID, payload: CodeIn):
    person = services.appointment_verification_check(
        verification_id=verification_id, code=payload.code
    )
    return {"verified": True, "name": person.full_name}


@router.post(
    "/bookings",
    response={201: BookingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def booking_create(
    request, payload: BookingIn, idempotency_key: str = Header(None, alias="Idempotency-Key")
):
    person = services.identity_lookup(payload.identity)
    appointment = services.appointment_book(
        verification_id=payload.verification_id,
        person=person,
        procedure=_procedure(payload.procedure),
        agency=_agency(payload.agency),
        starts_at=payload.starts_at,
        email=None,
        mobile=payload.mobile,
        idempotency_key=idempotency_key,
        holder_identity=payload.holder_identity,
        holder_name=payload.holder_name,
    )
    return Status(201, _out(appointment))


@router.get("/bookings/{code}", response={200: BookingOut, 404: ErrorOut, 429: ErrorOut})
def booking_get(request, code: str, identity: str):
    limits.booking_code_lookup_limit(request)
    return _out(services.appointment_for_code_and_identity(code=code, identity=identity))


@router.post(
    "/bookings/{code}/cancel",
    response={200: BookingOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut},
)
def booking_cancel(request, code: str, payload: IdentityIn):
    limits.booking_code_lookup_limit(request)
    appointment = services.appointment_for_code_and_identity(code=code, identity=payload.identity)
    return _out(services.appointment_cancel(appointment=appointment))


@router.post(
    "/bookings/{code}/reschedule",
    response={200: BookingOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut},
)
def booking_reschedule(request, code: str, payload: RescheduleIn):
    limits.booking_code_lookup_limit(request)
    appointment = services.appointment_for_code_and_identity(code=code, identity=payload.identity)
    moved = services.appointment_reschedule(appointment=appointment, starts_at=payload.starts_at)
    return _out(moved)
