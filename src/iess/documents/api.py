from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from iess.core.errors import ServiceError
from iess.core.ratelimits import rate_limit_check
from iess.documents.selectors import (
    VERIFY_UPLOAD_MAX_BYTES,
    document_get_by_code,
    document_pdf_verify,
    document_public,
)
from iess.documents.views import upload_too_large

router = Router(tags=["Documentos"])


class DocumentPublicOut(Schema):
    code: str
    status: str  # valid | revoked
    kind: str
    title: str
    issued_at: datetime
    revoked_at: datetime | None
    holder: str  # masked: "M*** A***"


class SignatureOut(Schema):
    status: str  # unsigned | valid | modified | invalid | untrusted
    message: str
    signer_name: str
    signed_at: datetime | None


class PdfVerificationOut(Schema):
    outcome: str  # genuine | revoked | not_issued | unsigned | modified | invalid | untrusted
    genuine: bool
    message: str
    signature: SignatureOut
    document: DocumentPublicOut | None


class ErrorOut(Schema):
    code: str
    detail: str
    field: str | None = None


@router.post(
    "/verify-pdf",
    response={200: PdfVerificationOut, 400: ErrorOut, 413: ErrorOut, 429: ErrorOut},
    summary="Verify a PDF",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"pdf": {"type": "string", "format": "binary"}},
                        "required": ["pdf"],
                    }
                }
            },
        }
    },
)
def document_verify_pdf(request: HttpRequest):
    """Upload a PDF (multipart field `pdf`, at most 1 MB): is it a genuine, unaltered IESS
    document, and is it still valid? The size is refused from Content-Length, unread."""
    too_large = ServiceError(
        _("El archivo supera 1 MB."), code="too_large", field="pdf", status=413
    )
    if upload_too_large(request):
        raise too_large
    rate_limit_check(request, group="documents.verify_pdf", rate="30/m")
    upload = request.FILES.get("pdf")
    if upload is None:
        raise ServiceError(_("Adjunte el PDF."), code="required", field="pdf")
    if upload.size > VERIFY_UPLOAD_MAX_BYTES:
        raise too_large
    result = document_pdf_verify(upload.read())
    return {
        "outcome": result.outcome,
        "genuine": result.genuine,
        "message": result.message,
        "signature": {
            "status": result.signature.status,
            "message": result.signature.message,
            "signer_name": result.signature.signer_name,
            "signed_at": result.signature.signed_at,
        },
        "document": document_public(result.document) if result.document else None,
    }


# After /verify-pdf: the {code} pattern would otherwise take that path too.
@router.get("/{code}", response={200: DocumentPublicOut, 404: ErrorOut}, summary="Verify by code")
def document_verify(request: HttpRequest, code: str):
    """What the public verification page shows: valid or revoked, kind, dates, masked holder."""
    document = document_get_by_code(code)
    if document is None:
        raise ServiceError(
            _("No existe ningún documento con ese código."), code="not_found", status=404
        )
    return document_public(document)
