"""Reads for the clave patronal and the employer portal."""

from iess.accounts.models import EmployerAccount, EmployerClaveRequest


def employer_portal_get(request):
    """The employer signed in to the employer portal in this request, or None. An affiliate
    session has no employer account, so it never reaches employer data (and the reverse:
    portal_person_get finds no affiliate account for an employer user)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    account = EmployerAccount.objects.select_related("employer").filter(user=user).first()
    return account.employer if account is not None else None


def clave_request_pending_for_ruc(ruc: str) -> EmployerClaveRequest | None:
    return (
        EmployerClaveRequest.objects.select_related(
            "employer__registration__representative", "request_document", "agreement_document"
        )
        .filter(employer__ruc=(ruc or "").strip(), status=EmployerClaveRequest.Status.PENDING)
        .first()
    )


def clave_request_find(query: str) -> EmployerClaveRequest | None:
    """The request a clerk looks for, by the employer's RUC (its pending request) or by the
    verification code printed on the request (whatever its state)."""
    query = (query or "").strip().upper().replace(" ", "")
    if query.isdigit():
        return clave_request_pending_for_ruc(query)
    return (
        EmployerClaveRequest.objects.select_related(
            "employer__registration__representative", "request_document", "agreement_document"
        )
        .filter(request_document__code=query)
        .first()
    )


def clave_request_get(*, clave_request_id: int) -> EmployerClaveRequest | None:
    return (
        EmployerClaveRequest.objects.select_related(
            "employer__registration__representative", "request_document", "agreement_document"
        )
        .filter(pk=clave_request_id)
        .first()
    )
