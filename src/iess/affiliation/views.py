"""AFÍLIATE Ya pages: one page per step of the sheet. The session holds only the id of the
application; every rule lives in voluntary_services."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from iess.accounts.selectors import portal_person_get
from iess.affiliation import forms
from iess.affiliation import voluntary_limits as limits
from iess.affiliation import voluntary_services as services
from iess.affiliation.voluntary_selectors import voluntary_affiliation_active_get
from iess.affiliation.voluntary_terms import TERMS, TERMS_TITLE
from iess.core.errors import ServiceError

SESSION_KEY = "voluntary_application"
STEP_URLS = {
    "birth_date": "affiliation:voluntary_birth_date",
    "base": "affiliation:voluntary_base",
    "contact": "affiliation:voluntary_contact",
    "code": "affiliation:voluntary_code",
    "residence": "affiliation:voluntary_residence",
    "terms": "affiliation:voluntary_terms",
    "done": "affiliation:voluntary_done",
}
STEP_ORDER = list(STEP_URLS)


def _application(request):
    return services.voluntary_application_get(application_id=request.session.get(SESSION_KEY))


def _step_view(step: str):
    """Loads the session's application and sends the person back to the first missing step
    when they jump ahead (or to the start when there is no application)."""

    def decorator(view):
        def wrapper(request, *args, **kwargs):
            application = _application(request)
            if application is None:
                return redirect("affiliation:voluntary_start")
            missing = services.voluntary_application_next_step(application)
            if STEP_ORDER.index(missing) < STEP_ORDER.index(step):
                return redirect(STEP_URLS[missing])
            if missing == "done" and step != "done":
                return redirect(STEP_URLS["done"])
            return view(request, application, *args, **kwargs)

        wrapper.__name__ = view.__name__
        return wrapper

    return decorator


def _page(request, form, *, title, submit, number, intro="", extra=None, status=200):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "intro": intro,
        "step_number": number,
        "step_total": 6,
        **(extra or {}),
    }
    status = getattr(form, "refused_status", status)
    return render(request, "affiliation/voluntary_step.html", context, status=status)


def _handle(request, form, action):
    """Runs `action` when the form is valid; a ServiceError goes on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ServiceError as error:
        form.add_service_error(error)
        if error.status == 429:
            form.refused_status = 429
        return None


def voluntary_start(request):
    form = forms.IdentityForm(request.POST or None)

    def start(data):
        limits.start_limit(request, identity=data["identity"])
        application = services.voluntary_application_start(
            identity=data["identity"], language=get_language() or "es"
        )
        request.session[SESSION_KEY] = str(application.pk)
        return redirect("affiliation:voluntary_birth_date")

    return _handle(request, form, start) or _page(
        request,
        form,
        title=_("AFÍLIATE Ya: afiliación voluntaria"),
        intro=_(
            "Afiliación al Seguro Voluntario para personas que residen en Ecuador o en el "
            "exterior. El trámite es en línea, sin costo, y la respuesta es inmediata."
        ),
        submit=_("Continuar"),
        number=1,
    )


@_step_view("birth_date")
def voluntary_birth_date(request, application):
    form = forms.BirthDateForm(request.POST or None)

    def confirm(data):
        limits.birth_date_limit(request)
        services.voluntary_application_confirm_birth_date(
            application_id=application.pk, birth_date=data["birth_date"]
        )
        return redirect("affiliation:voluntary_base")

    return _handle(request, form, confirm) or _page(
        request,
        form,
        title=_("Fecha de nacimiento"),
        intro=_("Confirme su fecha de nacimiento, como consta en el Registro Civil."),
        submit=_("Continuar"),
        number=2,
    )


@_step_view("base")
def voluntary_base(request, application):
    initial = {"declared_base": application.declared_base, "spouse_cover": application.spouse_cover}
    form = forms.BaseForm(request.POST or None, initial=initial)
    quote = None
    if request.method == "POST" and form.is_valid():
        try:
            quote = services.voluntary_application_set_base(
                application_id=application.pk,
                declared_base=form.cleaned_data["declared_base"],
                spouse_cover=form.cleaned_data["spouse_cover"],
            )
        except ServiceError as error:
            form.add_service_error(error)
    elif request.method == "GET" and application.declared_base is not None:
        quote = services.voluntary_application_quote(application=application)
    return _page(
        request,
        form,
        title=_("Valor mensual"),
        intro=_("Hola, %(name)s. Ingrese el valor mensual que declara y pulse «Calcular».")
        % {"name": application.person.first_names},
        submit=_("Calcular"),
        number=3,
        extra={"quote": quote, "next_url": reverse("affiliation:voluntary_contact")},
    )


@_step_view("contact")
def voluntary_contact(request, application):
    form = forms.ContactForm(
        request.POST or None,
        initial={"mobile": application.mobile or "", "email": application.email or ""},
    )

    def contact(data):
        limits.code_send_limit(request, email=data["email"])
        services.voluntary_application_set_contact(
            application_id=application.pk, mobile=data["mobile"], email=data["email"]
        )
        return redirect("affiliation:voluntary_code")

    return _handle(request, form, contact) or _page(
        request, form, title=_("Celular y correo"), submit=_("Enviar código"), number=4
    )


@_step_view("code")
def voluntary_code(request, application):
    if request.method == "POST" and request.POST.get("action") == "resend":
        form = forms.CodeForm()
        try:
            services.voluntary_application_resend_code(application_id=application.pk)
            messages.success(request, _("Le enviamos un código nuevo."))
            return redirect("affiliation:voluntary_code")
        except ServiceError as error:
            messages.error(request, str(error.message))
            return redirect("affiliation:voluntary_code")
    form = forms.CodeForm(request.POST or None)

    def verify(data):
        services.voluntary_application_verify_email(
            application_id=application.pk, code=data["code"]
        )
        return redirect("affiliation:voluntary_residence")

    return _handle(request, form, verify) or _page(
        request,
        form,
        title=_("Verifique su correo"),
        intro=_("Enviamos un código de 6 dígitos a %(email)s.") % {"email": application.email},
        submit=_("Verificar"),
        number=4,
        extra={"resend": True},
    )


@_step_view("residence")
def voluntary_residence(request, application):
    initial = {}
    if application.resident_in_ecuador is not None:
        initial = {
            "resident": "yes" if application.resident_in_ecuador else "no",
            "residence_country": application.residence_country,
            "address_abroad": application.address_abroad,
            "religion": application.religion,
            "home_address": application.home_address,
        }
    form = forms.ResidenceForm(request.POST or None, initial=initial)

    def residence(data):
        services.voluntary_application_set_residence(
            application_id=application.pk,
            resident_in_ecuador=data["resident"] == "yes",
            residence_country=data["residence_country"],
            address_abroad=data["address_abroad"],
            religion=data["religion"],
            home_address=data["home_address"],
        )
        return redirect("affiliation:voluntary_terms")

    return _handle(request, form, residence) or _page(
        request, form, title=_("Residencia y domicilio"), submit=_("Continuar"), number=5
    )


@_step_view("terms")
def voluntary_terms(request, application):
    form = forms.TermsForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})

    def accept(data):
        services.voluntary_affiliation_register(
            application_id=application.pk,
            accept_terms=data["accept_terms"],
            idempotency_key=data["idempotency_key"],
        )
        return redirect("affiliation:voluntary_done")

    return _handle(request, form, accept) or _page(
        request,
        form,
        title=TERMS_TITLE,
        submit=_("ACEPTAR"),
        number=6,
        extra={
            "terms": TERMS,
            "quote": services.voluntary_application_quote(application=application),
        },
    )


@_step_view("done")
def voluntary_done(request, application):
    voluntary = application.voluntary_affiliation
    return render(
        request,
        "affiliation/voluntary_done.html",
        {
            "voluntary": voluntary,
            "obligation": voluntary.obligations.order_by("month").first(),
        },
    )


def voluntary_notice(request):
    """The aviso de entrada of the signed-in portal person, or of the affiliation this browser
    session has just registered. No id in the address: nobody reaches another's notice."""
    person = portal_person_get(request)
    voluntary = None
    if person is not None:
        voluntary = voluntary_affiliation_active_get(person_id=person.pk)
    else:
        application = _application(request)
        if application is not None:
            voluntary = application.voluntary_affiliation
    if voluntary is None:
        if person is not None:
            raise Http404(_("Usted no tiene una afiliación voluntaria activa."))
        return redirect(f"{reverse('portal:login')}?next={request.path}")
    document = services.voluntary_notice_ensure(voluntary_id=voluntary.pk)
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="aviso-de-entrada-{document.code}.pdf"'
    return response


def voluntary_base_change(request):
    """Changes the declared base from next month. The portal shows the form; errors come back
    here, on the same form, with what was typed."""
    person = portal_person_get(request)
    if person is None:
        return redirect(f"{reverse('portal:login')}?next={request.path}")
    voluntary = voluntary_affiliation_active_get(person_id=person.pk)
    if voluntary is None:
        return redirect("portal:home")
    form = forms.BaseChangeForm(request.POST or None, prefix="voluntary")
    if request.method == "POST" and form.is_valid():
        try:
            change = services.voluntary_base_change(
                person=person, declared_base=form.cleaned_data["declared_base"]
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Su nueva base declarada de %(base)s rige desde el %(date)s.")
                % {
                    "base": services.usd(change.declared_base),
                    "date": change.effective_from.strftime("%d/%m/%Y"),
                },
            )
            return redirect("portal:home")
    return render(
        request, "affiliation/voluntary_base_change.html", {"form": form, "voluntary": voluntary}
    )
