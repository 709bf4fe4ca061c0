"""Employer pages: registration with the email code, the request documents, the activation
link, and the employer portal (sign-in with RUC and clave patronal, company data, workers).
The registration's progress lives in the server-side session."""

import datetime

from django.contrib.auth import login, logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from iess.accounts import employer_services
from iess.accounts.employer_forms import (
    ClaveRequestForm,
    CodeForm,
    EmployerLoginForm,
    EmployerRegistrationForm,
    RucForm,
)
from iess.accounts.employer_selectors import employer_portal_get
from iess.accounts.forms import NewClaveForm
from iess.accounts.models import EmployerClaveRequest
from iess.affiliation.selectors import employer_workers_active_list
from iess.core.errors import ServiceError
from iess.notifications.services import (
    email_verification_check,
    email_verification_resend,
    email_verification_start,
)
from iess.registry import employer_services as registration_services
from iess.registry.employer_selectors import (
    employer_registration_get,
    employer_registration_get_by_ruc,
)

FLOW = "employer_registration"
CODE_SUBJECT = gettext_lazy("IESS: código para registrar al empleador")
CODE_TEMPLATE = "accounts/email/employer_code"


def _show_error(form, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _stored(cleaned: dict) -> dict:
    return {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in cleaned.items()
    }


def _restored(stored: dict) -> dict:
    data = dict(stored)
    if data.get("artisan_qualification_date"):
        data["artisan_qualification_date"] = datetime.date.fromisoformat(
            data["artisan_qualification_date"]
        )
    return data


def employer_register(request):
    """Step 1: the employer's data. Every rule is checked before the email code is sent."""
    flow = request.session.get(FLOW) or {}
    initial = flow.get("fields", {}) | ({"email": flow["email"]} if "email" in flow else {})
    form = EmployerRegistrationForm(
        data=request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration_services.employer_registration_check(**form.service_arguments())
            verification = email_verification_start(
                email=form.cleaned_data["email"],
                purpose=registration_services.EMAIL_PURPOSE,
                subject=CODE_SUBJECT,
                template=CODE_TEMPLATE,
                context={"legal_name": form.cleaned_data["legal_name"]},
            )
        except ServiceError as error:
            _show_error(form, error)
        else:
            request.session[FLOW] = {
                "fields": _stored(form.service_arguments()),
                "email": form.cleaned_data["email"],
                "verification_id": str(verification.pk),
            }
            return redirect("portal:employer_register_code")
    return render(request, "accounts/employer/register.html", {"form": form})


def employer_register_code(request):
    """Step 2: the 6-digit code; then the employer is registered (once, even if sent twice)."""
    flow = request.session.get(FLOW)
    if not flow or "verification_id" not in flow:
        return redirect("portal:employer_register")
    form = CodeForm(data=request.POST if request.method == "POST" else None)
    notice = ""
    if request.method == "POST" and "resend" in request.POST:
        form = CodeForm()
        try:
            email_verification_resend(
                verification_id=flow["verification_id"],
                subject=CODE_SUBJECT,
                template=CODE_TEMPLATE,
                context={"legal_name": flow["fields"]["legal_name"]},
            )
            notice = _("Le enviamos un código nuevo.")
        except ServiceError as error:
            notice = str(error.message)
    elif request.method == "POST" and form.is_valid():
        try:
            email_verification_check(
                verification_id=flow["verification_id"], code=form.cleaned_data["code"]
            )
            registration = registration_services.employer_register(
                email=flow["email"],
                email_verification_id=flow["verification_id"],
                **_restored(flow["fields"]),
            )
        except ServiceError as error:
            if error.field in (None, "code"):
                _show_error(form, error)
            else:
                # A rule that changed since step 1 (say, the RUC was registered meanwhile):
                # back to the data, which stays filled in, with the message.
                request.session[FLOW] = {"fields": flow["fields"], "email": flow["email"]}
                retry = EmployerRegistrationForm(data={**flow["fields"], "email": flow["email"]})
                retry.is_valid()
                _show_error(retry, error)
                return render(request, "accounts/employer/register.html", {"form": retry})
        else:
            request.session[FLOW] = {"registration_id": registration.pk}
            return redirect("portal:employer_request")
    return render(
        request,
        "accounts/employer/register_code.html",
        {"form": form, "email": flow["email"], "notice": notice},
    )


AGAIN_PURPOSE = "employer_request_again"
AGAIN_SUBJECT = gettext_lazy("IESS: código para generar la solicitud de clave patronal")


def employer_request_again(request):
    """A registered employer whose session ended (or who needs a new clave) generates the
    request again, after proving control of the registered email with a code."""
    form = RucForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        registration = employer_registration_get_by_ruc(form.cleaned_data["ruc"])
        if registration is None:
            form.add_error("ruc", _("Este RUC no tiene registro de empleador: regístrelo primero."))
        else:
            verification = email_verification_start(
                email=registration.email,
                purpose=AGAIN_PURPOSE,
                subject=AGAIN_SUBJECT,
                template=CODE_TEMPLATE,
                context={"legal_name": registration.employer.legal_name},
            )
            request.session[FLOW] = {
                "again_registration_id": registration.pk,
                "verification_id": str(verification.pk),
            }
            return redirect("portal:employer_request_again_code")
    return render(request, "accounts/employer/request_again.html", {"form": form})


def employer_request_again_code(request):
    flow = request.session.get(FLOW) or {}
    if "again_registration_id" not in flow:
        return redirect("portal:employer_request_again")
    registration = employer_registration_get(registration_id=flow["again_registration_id"])
    form = CodeForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            email_verification_check(
                verification_id=flow["verification_id"], code=form.cleaned_data["code"]
            )
        except ServiceError as error:
            _show_error(form, error)
        else:
            request.session[FLOW] = {"registration_id": registration.pk}
            return redirect("portal:employer_request")
    return render(
        request,
        "accounts/employer/register_code.html",
        {"form": form, "email": _masked(registration.email), "again": True},
    )


def _masked(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def _registration(request):
    flow = request.session.get(FLOW) or {}
    if "registration_id" not in flow:
        return None
    return employer_registration_get(registration_id=flow["registration_id"])


def employer_request(request):
    """Step 3: generate the request (optionally authorising a third party) and the agreement."""
    registration = _registration(request)
    if registration is None:
        return redirect("portal:employer_register")
    form = ClaveRequestForm(data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            clave_request = employer_services.employer_clave_request_create(
                registration=registration, **form.cleaned_data
            )
        except ServiceError as error:
            _show_error(form, error)
        else:
            request.session[FLOW] = {
                "registration_id": registration.pk,
                "request_id": clave_request.pk,
            }
            return redirect("portal:employer_request_ready")
    return render(
        request,
        "accounts/employer/request.html",
        {"form": form, "registration": registration},
    )


def _own_request(request) -> EmployerClaveRequest | None:
    flow = request.session.get(FLOW) or {}
    if "request_id" not in flow:
        return None
    return (
        EmployerClaveRequest.objects.select_related(
            "employer", "request_document", "agreement_document"
        )
        .filter(pk=flow["request_id"], employer__registration__pk=flow.get("registration_id"))
        .first()
    )


def employer_request_ready(request):
    clave_request = _own_request(request)
    if clave_request is None:
        return redirect("portal:employer_register")
    return render(
        request,
        "accounts/employer/request_ready.html",
        {"clave_request": clave_request, "employer": clave_request.employer},
    )


def employer_request_pdf(request, which: str):
    """The request or the agreement of this session's own request, to print or e-sign."""
    clave_request = _own_request(request)
    if clave_request is None or which not in ("solicitud", "acuerdo"):
        raise Http404
    document = (
        clave_request.request_document if which == "solicitud" else clave_request.agreement_document
    )
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    filename = f"{which}-clave-patronal-{clave_request.employer.ruc}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _link_error(request, status: str):
    return render(
        request,
        "accounts/employer/link_error.html",
        {"message": employer_services.LINK_ERRORS[status]},
        status=404 if status == employer_services.LinkStatus.UNKNOWN else 410,
    )


def employer_activate(request, token: str):
    link, status = employer_services.employer_link_status(token=token)
    if status != employer_services.LinkStatus.VALID:
        return _link_error(request, status)
    employer = link.account.employer
    form = NewClaveForm(
        data=request.POST if request.method == "POST" else None,
        person=employer_services.clave_holder_for(employer),
    )
    form.fields["password"].help_text = _(
        "Mínimo 8 caracteres, solo letras y números, combinados. No use el RUC, la razón "
        "social, los nombres ni la fecha de nacimiento del representante, ni una clave común."
    )
    if request.method == "POST" and form.is_valid():
        try:
            employer_services.employer_clave_set_with_link(
                token=token,
                password=form.cleaned_data["password"],
                declaration=form.cleaned_data["declaration"],
            )
        except ServiceError as error:
            if error.code.startswith("link_"):
                return _link_error(request, error.code.removeprefix("link_"))
            _show_error(form, error)
        else:
            return render(request, "accounts/employer/activated.html", {"employer": employer})
    return render(request, "accounts/employer/activate.html", {"form": form, "employer": employer})


def employer_login(request):
    form = EmployerLoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect("portal:employer_home")
    return render(request, "accounts/employer/login.html", {"form": form})


@require_POST
def employer_logout(request):
    logout(request)
    return redirect("portal:employer_login")


def employer_home(request):
    employer = employer_portal_get(request)
    if employer is None:
        return redirect("portal:employer_login")
    registration = getattr(employer, "registration", None)
    return render(
        request,
        "accounts/employer/home.html",
        {
            "employer": employer,
            "registration": registration,
            "workers": employer_workers_active_list(employer_id=employer.pk),
        },
    )
