from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from iess.accounts.roles import Role, user_has_role
from iess.core.errors import ServiceError
from iess.core.ratelimits import rate_limit_check
from iess.documents.forms import DocumentRevokeForm, DocumentSearchForm, PdfVerifyForm
from iess.documents.selectors import (
    VERIFY_UPLOAD_MAX_BYTES,
    document_get_by_code,
    document_pdf_verify,
    document_public,
)
from iess.documents.services import document_revoke

# Multipart framing around a 1 MB file: the request may be this much larger than the file.
UPLOAD_OVERHEAD_BYTES = 16 * 1024
REVOKING_ROLES = (Role.COUNTER_CLERK, Role.ADMINISTRATOR)


def upload_too_large(request) -> bool:
    """Decided from the Content-Length header, before a byte of the body is read. A body
    without one (chunked) would be read to its end, so it counts as too large."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return True
    return length > VERIFY_UPLOAD_MAX_BYTES + UPLOAD_OVERHEAD_BYTES


def _refused(error) -> PdfVerifyForm:
    """An upload form showing why the upload was refused unread (bound, so it holds errors)."""
    form = PdfVerifyForm(data={}, files={})
    form.full_clean()
    form.errors.pop("pdf", None)
    if isinstance(error, ServiceError):
        form.add_service_error(error)
    else:
        form.add_error("pdf", error)
    return form


def _page(request, *, status=200, **context):
    context.setdefault("upload_form", PdfVerifyForm())
    return render(request, "documents/verify.html", context, status=status)


def verify_form(request):
    code = request.GET.get("codigo", "").strip()
    if code:
        return redirect("documents:verify", code=code.upper())
    return _page(request)


def verify(request, code: str):
    document = document_get_by_code(code)
    return _page(
        request,
        searched=True,
        code=code,
        public=document_public(document) if document else None,
        status=200 if document else 404,
    )


# Checking a PDF changes nothing and needs no session, so it carries no CSRF token: that
# lets the size check below run before the CSRF middleware would read the whole body.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify_pdf(request):
    if request.method == "GET":
        return redirect("documents:verify_form")
    if upload_too_large(request):
        return _page(request, upload_form=_refused(_("El archivo supera 1 MB.")), status=413)
    try:
        rate_limit_check(request, group="documents.verify_pdf", rate="30/m")
    except ServiceError as error:
        return _page(request, upload_form=_refused(error), status=error.status)
    form = PdfVerifyForm(data=request.POST, files=request.FILES)
    if not form.is_valid():
        return _page(request, upload_form=form, status=400)
    result = document_pdf_verify(form.cleaned_data["pdf"].read())
    return _page(
        request,
        upload_form=PdfVerifyForm(),
        verification=result,
        public=document_public(result.document) if result.document else None,
    )


@staff_member_required(login_url="backoffice:login")
def document_office(request):
    """A counter clerk or administrator looks a document up by its code and annuls it."""
    if not user_has_role(request.user, *REVOKING_ROLES):
        raise PermissionDenied
    search = DocumentSearchForm(data=request.GET or None)
    document = form = None
    if search.is_valid():
        document = document_get_by_code(search.cleaned_data["codigo"])
        if document is None:
            search.add_error("codigo", _("No existe ningún documento con ese código."))
        elif document.revoked_at is None:
            form = DocumentRevokeForm(data=request.POST or None)
            if request.method == "POST" and form.is_valid():
                try:
                    document_revoke(
                        document=document, reason=form.cleaned_data["reason"], actor=request.user
                    )
                except ServiceError as error:
                    form.add_service_error(error)
                else:
                    messages.success(
                        request, _("Documento %(code)s anulado.") % {"code": document.code}
                    )
                    return redirect(f"{request.path}?codigo={document.code}")
    return render(
        request,
        "documents/office.html",
        {"search": search, "document": document, "form": form},
    )
