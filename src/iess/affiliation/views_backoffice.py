"""Back-office pages of the foreigners' counter procedures (/oficina/extranjeros/): the
clerk records and issues while attending a turn; the provincial legal unit reviews powers."""

from functools import wraps

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iess.affiliation import foreigner_selectors as selectors
from iess.affiliation import foreigner_services as services
from iess.affiliation.foreigner_forms import (
    ForeignerCodeRequestForm,
    NonAffiliationRequestForm,
    PowerDecisionForm,
)
from iess.core.errors import ServiceError
from iess.documents.selectors import document_for_subject
from iess.documents.services import document_verify_url


def clerk_required(view):
    @staff_member_required(login_url="backoffice:login")
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        province = selectors.clerk_province_code(request.user)
        if province is None:
            raise PermissionDenied(_("No tiene una agencia asignada para atender turnos."))
        request.province_code = province
        return view(request, *args, **kwargs)

    return wrapper


def legal_advisor_required(view):
    @staff_member_required(login_url="backoffice:login")
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        allowed, _province = selectors.legal_advisor_scope(request.user)
        if not allowed:
            raise PermissionDenied(_("Solo la Unidad de Asesoría Jurídica revisa poderes."))
        return view(request, *args, **kwargs)

    return wrapper


def _attended_ticket(request, ticket_id, procedure_slug):
    ticket = selectors.clerk_ticket_get(user=request.user, ticket_id=ticket_id)
    if ticket is None or ticket.procedure.slug != procedure_slug:
        raise Http404(_("Ese turno no está siendo atendido en su ventanilla."))
    return ticket


def _ticket_initial(ticket) -> dict:
    """What the turn already tells: the holder's document data (when registered) and, for an
    online turn booked by an apoderado or third party, who that is."""
    appointment = ticket.appointment
    initial = {}
    holder = ticket.person if ticket.person and not ticket.person.cedula else None
    if appointment is not None and appointment.is_proxy:
        booker = appointment.booked_by
        holder = appointment.holder
        initial["proxy_names"] = initial["third_party_names"] = booker.full_name
        initial["proxy_identity"] = initial["third_party_identity"] = booker.identity_number
    if holder is not None:
        initial.update(
            first_names=holder.first_names,
            last_names=holder.last_names,
            nationality=holder.nationality,
            passport_number=holder.passport_number,
            visa_number=holder.visa_number,
            birth_date=holder.birth_date,
        )
    return initial


def _pdf_response(document, filename: str) -> HttpResponse:
    if document is None or not document.pdf:
        raise Http404
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Sheet 01 ---------------------------------------------------------------------------


@clerk_required
def code_request_new(request, ticket_id):
    ticket = _attended_ticket(request, ticket_id, selectors.CODE_PROCEDURE)
    form = ForeignerCodeRequestForm(request.POST or None, initial=_ticket_initial(ticket))
    mismatches = []
    if request.method == "POST" and form.is_valid():
        try:
            code_request = services.foreigner_code_request_create(
                actor=request.user,
                province_code=request.province_code,
                ticket=ticket,
                **form.cleaned_data,
            )
        except services.RucMismatchError as error:
            mismatches = error.mismatches
            form.add_service_error(error)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Solicitud registrada."))
            return redirect("foreigners_office:code_request", pk=code_request.pk)
    return render(
        request,
        "affiliation/office/code_request_form.html",
        {"form": form, "ticket": ticket, "mismatches": mismatches},
    )


@clerk_required
def code_request_list(request):
    return render(
        request,
        "affiliation/office/code_request_list.html",
        {"requests": selectors.foreigner_code_request_list(province_code=request.province_code)},
    )


def _code_request_or_404(request, pk):
    code_request = selectors.foreigner_code_request_get(
        province_code=request.province_code, request_id=pk
    )
    if code_request is None:
        raise Http404
    return code_request


@clerk_required
def code_request_detail(request, pk):
    code_request = _code_request_or_404(request, pk)
    document = document_for_subject(subject=code_request, kind=services.CODE_DOCUMENT_KIND)
    return render(
        request,
        "affiliation/office/code_request_detail.html",
        {
            "item": code_request,
            "document": document,
            "verify_url": document_verify_url(document.code) if document else "",
        },
    )


@require_POST
@clerk_required
def code_request_issue(request, pk):
    try:
        code_request = services.foreigner_code_issue(
            actor=request.user, province_code=request.province_code, request_id=pk
        )
    except ServiceError as error:
        if error.status == 404:
            raise Http404 from None
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Código emitido: %(code)s.") % {"code": code_request.foreigner_code},
        )
    return redirect("foreigners_office:code_request", pk=pk)


@clerk_required
def code_request_pdf(request, pk):
    code_request = _code_request_or_404(request, pk)
    document = document_for_subject(subject=code_request, kind=services.CODE_DOCUMENT_KIND)
    return _pdf_response(document, f"codigo-extranjero-{code_request.foreigner_code}.pdf")


# --- Legal advisory unit ----------------------------------------------------------------


@legal_advisor_required
def power_list(request):
    return render(
        request,
        "affiliation/office/power_list.html",
        {"requests": selectors.power_review_list(user=request.user)},
    )


@legal_advisor_required
def power_review(request, pk):
    code_request = selectors.power_review_get(user=request.user, request_id=pk)
    if code_request is None:
        raise Http404
    form = PowerDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = request.POST.get("decision") == "approve"
        try:
            services.foreigner_power_decide(
                actor=request.user,
                request_id=pk,
                approve=approve,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Poder notarial validado y sumillado.")
                if approve
                else _("Poder notarial rechazado."),
            )
            return redirect("foreigners_office:power_list")
    return render(
        request, "affiliation/office/power_review.html", {"item": code_request, "form": form}
    )


# --- Sheet 02 ---------------------------------------------------------------------------


@clerk_required
def certificate_new(request, ticket_id):
    ticket = _attended_ticket(request, ticket_id, selectors.CERTIFICATE_PROCEDURE)
    form = NonAffiliationRequestForm(request.POST or None, initial=_ticket_initial(ticket))
    if request.method == "POST" and form.is_valid():
        try:
            certificate_request = services.non_affiliation_certificate_request(
                actor=request.user,
                province_code=request.province_code,
                ticket=ticket,
                **form.cleaned_data,
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            return redirect("foreigners_office:certificate", pk=certificate_request.pk)
    return render(
        request, "affiliation/office/certificate_form.html", {"form": form, "ticket": ticket}
    )


def _certificate_request_or_404(request, pk):
    certificate_request = selectors.non_affiliation_request_get(
        province_code=request.province_code, request_id=pk
    )
    if certificate_request is None:
        raise Http404
    return certificate_request


@clerk_required
def certificate_detail(request, pk):
    certificate_request = _certificate_request_or_404(request, pk)
    document = document_for_subject(
        subject=certificate_request, kind=services.CERTIFICATE_DOCUMENT_KIND
    )
    return render(
        request,
        "affiliation/office/certificate_detail.html",
        {
            "item": certificate_request,
            "document": document,
            "verify_url": document_verify_url(document.code) if document else "",
        },
    )


@clerk_required
def certificate_pdf(request, pk):
    certificate_request = _certificate_request_or_404(request, pk)
    document = document_for_subject(
        subject=certificate_request, kind=services.CERTIFICATE_DOCUMENT_KIND
    )
    return _pdf_response(document, f"certificado-no-afiliacion-{pk}.pdf")
