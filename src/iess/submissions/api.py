"""Ventanilla Virtual API: the documents each procedure needs, submission (multipart) and
status lookup by tracking number and identity. Errors have the one shape
{"code", "detail", "field"}."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from iess.core.errors import ServiceError
from iess.core.ratelimits import rate_limit_check
from iess.registry.validators import IdentityDocumentKind, identity_number_kind
from iess.submissions import selectors, services
from iess.submissions.uploads import SUBMIT_RATE, upload_limits_apply, uploads_read

router = Router(tags=["Ventanilla Virtual"])


class ErrorOut(Schema):
    code: str
    detail: str
    field: str | None = None


class RequirementOut(Schema):
    field: str
    name: str
    kind: str
    text: str
    notes: list[str]
    electronic_signature: bool
    identity_document: str | None = Field(
        description="The identity document this requirement is (cedula, foreigner_code, "
        "passport, visa): a submitter uploads the one of the kind they identify with."
    )


class ProcedureOut(Schema):
    slug: str
    name: str
    reference_label: str | None
    requirements: list[RequirementOut]


class StatusIn(Schema):
    tracking_number: str
    identity: str = Field(
        description="The number of the identity document the submission was presented with "
        "(cédula, foreigner code, passport or visa; a passport or a visa without its country)."
    )


class StatusOut(Schema):
    tracking_number: str
    procedure: str
    province: str
    status: str
    status_label: str
    received_at: datetime.datetime
    decided_at: datetime.datetime | None
    reason: str


class CreatedOut(Schema):
    tracking_number: str
    status: str
    status_label: str


def _procedure_out(procedure) -> dict:
    from iess.submissions.handlers import handler_for

    handler = handler_for(procedure.slug)
    return {
        "slug": procedure.slug,
        "name": procedure.localized_name,
        "reference_label": str(handler.reference_label)
        if handler and handler.reference_label
        else None,
        "requirements": [
            {
                "field": slot.field_name,
                "name": slot.label,
                "kind": slot.kind,
                "text": slot.text,
                "notes": list(slot.notes),
                "electronic_signature": slot.electronic_signature,
                "identity_document": slot.identity_kind or None,
            }
            for slot in selectors.requirement_slots(procedure)
        ],
    }


@router.get("/procedures", response=list[ProcedureOut], summary="Procedures received online")
def procedure_list(request):
    return [_procedure_out(procedure) for procedure in selectors.ventanilla_procedure_list()]


@router.post(
    "/",
    response={201: CreatedOut, 400: ErrorOut, 413: ErrorOut, 429: ErrorOut},
    summary="Submit a procedure (multipart/form-data)",
    description="An `Idempotency-Key` header makes a retried request return the first "
    "submission instead of making another.",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": [
                            "procedure",
                            "identity",
                            "names",
                            "email",
                            "mobile",
                            "province",
                            "message",
                        ],
                        "properties": {
                            "procedure": {"type": "string"},
                            "identity_kind": {
                                "type": "string",
                                "enum": IdentityDocumentKind.values,
                                "description": "The submitter's identity document. Omitted: "
                                "a cédula or, starting with EX, a foreigner code.",
                            },
                            "identity": {
                                "type": "string",
                                "description": "The number of that document.",
                            },
                            "nationality": {
                                "type": "string",
                                "description": "ISO 3166 alpha-3 country of the passport or "
                                "the visa; only with those.",
                            },
                            "names": {"type": "string"},
                            "email": {"type": "string"},
                            "mobile": {"type": "string"},
                            "province": {"type": "string", "description": "province code 01..24"},
                            "reference": {"type": "string"},
                            "message": {"type": "string"},
                        },
                        "additionalProperties": {"type": "string", "format": "binary"},
                        "description": "One file per requirement, named by its `field` "
                        "(GET /procedures).",
                    }
                }
            },
            "required": True,
        }
    },
)
def submission_create(request):
    rate_limit_check(request, group="submissions-submit", rate=SUBMIT_RATE)
    upload_limits_apply(request)
    if request.upload_too_large:
        raise ServiceError(
            _("Los archivos enviados juntos superan el máximo permitido."),
            code="request_too_large",
            status=413,
        )
    data = request.POST
    procedure = selectors.ventanilla_procedure_get(slug=data.get("procedure", ""))
    if procedure is None:
        raise ServiceError(
            _("Ese trámite no se recibe por la Ventanilla Virtual."),
            code="procedure_unknown",
            field="procedure",
        )
    slots = selectors.requirement_slots(procedure)
    uploads, too_large = uploads_read(request, slots)
    field_of = {slot.key: slot.field_name for slot in slots}
    for key, message in too_large.items():
        raise ServiceError(message, code="file_too_large", field=field_of[key])
    accepted, refused = services.attachments_check(procedure=procedure, files=uploads)
    for error in refused.values():
        raise error
    submission = services.submission_create(
        procedure_slug=procedure.slug,
        identity_kind=data.get("identity_kind") or identity_number_kind(data.get("identity", "")),
        identity=data.get("identity", ""),
        nationality=data.get("nationality", ""),
        names=data.get("names", ""),
        email=data.get("email", ""),
        mobile=data.get("mobile", ""),
        province_code=data.get("province", ""),
        message=data.get("message", ""),
        reference=data.get("reference", ""),
        attachments=accepted,
        submit_key=request.headers.get("Idempotency-Key", ""),
    )
    return Status(
        201,
        {
            "tracking_number": submission.tracking_number,
            "status": submission.status,
            "status_label": submission.get_status_display(),
        },
    )


@router.post(
    "/status",
    response={200: StatusOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Status of a submission (tracking number + identity)",
)
def submission_status(request, payload: StatusIn):
    rate_limit_check(request, group="submissions-status", rate="10/m")
    submission = selectors.submission_get_for_citizen(
        tracking_number=payload.tracking_number, identity=payload.identity
    )
    if submission is None:
        raise ServiceError(
            _("No encontramos un trámite con ese número y esa identificación."),
            code="not_found",
            status=404,
        )
    return {
        "tracking_number": submission.tracking_number,
        "procedure": submission.procedure.localized_name,
        "province": submission.province.name,
        "status": submission.status,
        "status_label": submission.get_status_display(),
        "received_at": submission.received_at,
        "decided_at": submission.decided_at,
        "reason": submission.decision_reason if submission.status != "received" else "",
    }
