"""The public turnero: the steps of sheets 01-03, confirmation, cancel and reschedule.

The booking state lives in the session; every step checks the ones before it, so a step
opened out of order sends the person back instead of failing."""

import datetime
import uuid

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iess.appointments import forms, limits, rules, selectors, services
from iess.appointments.models import Agency
from iess.core.errors import ServiceError
from iess.documents.pdf import qr_svg
from iess.registry.selectors import person_get

SESSION_KEY = "turnero"


def _state(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def _save(request, **changes) -> dict:
    state = {**_state(request), **changes}
    request.session[SESSION_KEY] = state
    return state


def _person(state):
    return person_get(person_id=state["person_id"]) if state.get("person_id") else None


def _show_error(form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def _require(request, *keys):
    state = _state(request)
    if not all(state.get(key) for key in keys):
        return None
    return state


def _status(error: ServiceError) -> int:
    """A refused page keeps its form; a rate-limited one also says so in its status."""
    return 429 if error.code == "rate_limited" else 200


def start(request):
    form = forms.IdentityForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            limits.identity_lookup_limit(request)
            person = services.booker_identify(form.cleaned_data["identity"])
        except ServiceError as error:
            _show_error(form, error)
            status = _status(error)
        else:
            request.session[SESSION_KEY] = {"person_id": person.pk}
            return redirect("appointments:contact")
    return render(request, "appointments/start.html", {"form": form, "step": 1}, status=status)


def contact(request):
    """Email and mobile. Nothing of the registry's contact data is shown or pre-filled: anybody
    can type a cédula here. The code goes to the registered email when there is one."""
    state = _require(request, "person_id")
    if state is None:
        return redirect("appointments:start")
    person = _person(state)
    form = forms.ContactForm(
        request.POST or None,
        registered_email=services.email_mask(person.email) if person.email else "",
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.holder_resolve(
                booker=person,
                holder_identity=data["holder_identity"],
                holder_name=data["holder_name"],
            )
            limits.code_send_limit(request, email=data["email"])
            verification, mobile = services.appointment_verification_start(
                person=person, email=data["email"], mobile=data["mobile"]
            )
        except ServiceError as error:
            _show_error(form, error)
            status = _status(error)
        else:
            _save(
                request,
                verification_id=str(verification.id),
                email=verification.email,
                mobile=mobile,
                holder_identity=data["holder_identity"],
                holder_name=data["holder_name"],
                verified=False,
            )
            return redirect("appointments:verify")
    return render(
        request,
        "appointments/contact.html",
        {"form": form, "person": person, "step": 2},
        status=status,
    )


def verify(request):
    state = _require(request, "person_id", "verification_id")
    if state is None:
        return redirect("appointments:start")
    form = forms.CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and "resend" in request.POST:
        from django.contrib import messages

        form = forms.CodeForm()
        try:
            limits.code_send_limit(request, email=state["email"])
            services.appointment_verification_resend(
                verification_id=state["verification_id"], person=_person(state)
            )
        except ServiceError as error:
            messages.error(request, error.message)
            status = _status(error)
        else:
            messages.success(request, _("Le enviamos un código nuevo."))
    elif request.method == "POST" and form.is_valid():
        from iess.notifications.services import email_verification_check

        try:
            email_verification_check(
                verification_id=state["verification_id"], code=form.cleaned_data["code"]
            )
        except ServiceError as error:
            _show_error(form, error)
        else:
            _save(request, verified=True)
            return redirect("appointments:procedure")
    return render(
        request,
        "appointments/verify.html",
        {"form": form, "email": state["email"], "step": 3},
        status=status,
    )


def procedure(request):
    state = _require(request, "person_id", "verified")
    if state is None:
        return redirect("appointments:start")
    form = forms.ProcedureForm(
        request.POST or None,
        initial={"province": state.get("province"), "procedure": state.get("procedure")},
    )
    if request.method == "POST" and form.is_valid():
        _save(
            request,
            province=form.cleaned_data["province"],
            procedure=form.cleaned_data["procedure"],
            agency=None,
        )
        return redirect("appointments:agency")
    return render(request, "appointments/procedure.html", {"form": form, "step": 4})


def agency(request):
    state = _require(request, "person_id", "verified", "province", "procedure")
    if state is None:
        return redirect("appointments:procedure")
    procedure_type = selectors.procedure_get(state["procedure"])
    agencies = list(
        selectors.agency_list(province_code=state["province"], procedure=procedure_type)
    )
    form = forms.AgencyForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        _save(request, agency=form.cleaned_data["agency"])
        return redirect("appointments:day")
    return render(
        request,
        "appointments/agency.html",
        {"form": form, "procedure": procedure_type, "agencies": agencies, "step": 4},
    )


def _booking_choice(state):
    procedure_type = selectors.procedure_get(state.get("procedure") or "")
    agency_obj = Agency.objects.filter(pk=state.get("agency"), is_active=True).first()
    return procedure_type, agency_obj


def _calendar_context(request, *, agency_obj, procedure_type, action_url):
    """The month view of free days and, for a chosen day, the free times."""
    calendar = selectors.availability_calendar(agency=agency_obj, procedure=procedure_type)
    chosen = None
    raw_day = request.GET.get("dia") or request.POST.get("dia")
    if raw_day:
        try:
            chosen = datetime.date.fromisoformat(raw_day)
        except ValueError:
            chosen = None
    slots = (
        selectors.availability_day(agency=agency_obj, procedure=procedure_type, day=chosen)
        if chosen
        else []
    )
    weeks = []
    if calendar:
        first = calendar[0].day - datetime.timedelta(days=calendar[0].day.weekday())
        by_day = {entry.day: entry for entry in calendar}
        day = first
        while day <= calendar[-1].day:
            weeks.append([by_day.get(day + datetime.timedelta(days=n)) for n in range(7)])
            day += datetime.timedelta(days=7)
    form = forms.TimeForm(request.POST or None, slots=slots)
    return {
        "weekday_names": [_("lun"), _("mar"), _("mié"), _("jue"), _("vie"), _("sáb"), _("dom")],
        "weeks": weeks,
        "chosen": chosen,
        "slots": slots,
        "time_form": form,
        "no_room": chosen is not None and not slots,
        "no_room_message": services.NO_ROOM_MESSAGE,
        "action_url": action_url,
        "agency": agency_obj,
        "procedure": procedure_type,
    }


def day(request):
    state = _require(request, "person_id", "verified", "agency")
    if state is None:
        return redirect("appointments:procedure")
    procedure_type, agency_obj = _booking_choice(state)
    if procedure_type is None or agency_obj is None:
        return redirect("appointments:procedure")
    context = _calendar_context(
        request,
        agency_obj=agency_obj,
        procedure_type=procedure_type,
        action_url=reverse("appointments:day"),
    )
    form = context["time_form"]
    if request.method == "POST" and form.is_valid():
        _save(request, start=form.cleaned_data["start"], idempotency_key=uuid.uuid4().hex)
        return redirect("appointments:agree")
    return render(request, "appointments/day.html", {**context, "step": 5})


def _summary(state):
    procedure_type, agency_obj = _booking_choice(state)
    starts_at = parse_datetime(state.get("start") or "")
    person = _person(state)
    return {
        "person": person,
        "procedure": procedure_type,
        "agency": agency_obj,
        "starts_at": starts_at,
        "email": state.get("email"),
        "mobile": state.get("mobile"),
        "holder_identity": state.get("holder_identity"),
        "holder_name": state.get("holder_name"),
    }


def agree(request):
    """The sheets' confirmation window («¿Está de acuerdo?» → Sí), as a page."""
    state = _require(request, "person_id", "verified", "agency", "start")
    if state is None:
        return redirect("appointments:day")
    if request.method == "POST":
        if request.POST.get("answer") == "si":
            _save(request, agreed=True)
            return redirect("appointments:summary")
        return redirect("appointments:day")
    return render(request, "appointments/agree.html", {**_summary(state), "step": 5})


def summary(request):
    state = _require(request, "person_id", "verified", "agency", "start", "agreed")
    retried = selectors.appointment_get_by_idempotency_key(
        key=request.POST.get("idempotency_key", ""), person_id=_state(request).get("person_id")
    )
    if request.method == "POST" and retried is not None:
        # A double click or a retried request: show the booking the first one made.
        return redirect(
            "appointments:confirmation", token=services.appointment_manage_token(retried)
        )
    if state is None:
        return redirect("appointments:day")
    context = _summary(state)
    error = None
    if request.method == "POST":
        try:
            appointment = services.appointment_book(
                verification_id=state["verification_id"],
                person=context["person"],
                procedure=context["procedure"],
                agency=context["agency"],
                starts_at=context["starts_at"],
                email=state["email"],
                mobile=state["mobile"],
                idempotency_key=request.POST.get("idempotency_key") or None,
                holder_identity=state.get("holder_identity", ""),
                holder_name=state.get("holder_name", ""),
            )
        except ServiceError as service_error:
            error = str(service_error.message)
        else:
            _save(request, start=None, agreed=False, idempotency_key=None)
            return redirect(
                "appointments:confirmation", token=services.appointment_manage_token(appointment)
            )
    return render(
        request,
        "appointments/summary.html",
        {**context, "error": error, "idempotency_key": state.get("idempotency_key"), "step": 6},
    )


def _by_token(token):
    try:
        return services.appointment_from_token(token)
    except ServiceError:
        return None


def _invalid_link(request):
    return render(request, "appointments/invalid_link.html", status=404)


def confirmation(request, token):
    appointment = _by_token(token)
    if appointment is None:
        return _invalid_link(request)
    return render(
        request,
        "appointments/confirmation.html",
        {
            "appointment": appointment,
            "fields": services.appointment_fields(appointment),
            "token": token,
            "qr": qr_svg(appointment.code),
        },
    )


def confirmation_pdf(request, token):
    appointment = _by_token(token)
    if appointment is None:
        raise Http404
    response = HttpResponse(services.appointment_pdf(appointment), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="turno-{appointment.code}.pdf"'
    return response


def confirmation_ics(request, token):
    appointment = _by_token(token)
    if appointment is None:
        raise Http404
    response = HttpResponse(
        services.appointment_ics(appointment), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="turno-{appointment.code}.ics"'
    return response


def manage_lookup(request):
    form = forms.ManageLookupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            limits.booking_code_lookup_limit(request)
            appointment = services.appointment_for_code_and_identity(
                code=form.cleaned_data["code"], identity=form.cleaned_data["identity"]
            )
            if appointment.status != "booked" or appointment.starts_at <= timezone.now():
                raise ServiceError(_("Este turno ya no se puede cambiar ni cancelar."))
        except ServiceError as error:
            _show_error(form, error)
            status = _status(error)
        else:
            return redirect(
                "appointments:manage", token=services.appointment_manage_token(appointment)
            )
    return render(request, "appointments/manage_lookup.html", {"form": form}, status=status)


def manage(request, token):
    """What a link in an email opens: it only shows; cancelling is a POST from this page."""
    appointment = _by_token(token)
    if appointment is None:
        return _invalid_link(request)
    return render(
        request,
        "appointments/manage.html",
        {
            "appointment": appointment,
            "fields": services.appointment_fields(appointment),
            "token": token,
        },
    )


@require_POST
def cancel(request, token):
    appointment = _by_token(token)
    if appointment is None:
        return _invalid_link(request)
    try:
        services.appointment_cancel(appointment=appointment)
    except ServiceError:
        return _invalid_link(request)
    return render(request, "appointments/cancelled.html", {"appointment": appointment})


def reschedule(request, token):
    appointment = _by_token(token)
    if appointment is None:
        return _invalid_link(request)
    context = _calendar_context(
        request,
        agency_obj=appointment.agency,
        procedure_type=appointment.procedure,
        action_url=reverse("appointments:reschedule", args=[token]),
    )
    form = context["time_form"]
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.appointment_reschedule(
                appointment=appointment, starts_at=parse_datetime(form.cleaned_data["start"])
            )
        except ServiceError as error:
            _show_error(form, error)
        else:
            return redirect(
                "appointments:confirmation", token=services.appointment_manage_token(moved)
            )
    return render(request, "appointments/reschedule.html", {**context, "appointment": appointment})


def display(request, agency_id):
    """The waiting-room screen: current calls, refreshed by the browser every few seconds."""
    agency_obj = get_object_or_404(Agency, pk=agency_id, is_active=True)
    today = rules.local_today()
    return render(
        request,
        "appointments/display.html",
        {
            "agency": agency_obj,
            "calls": selectors.ticket_calls(agency=agency_obj, day=today),
            "waiting": selectors.ticket_queue(agency=agency_obj, day=today).count(),
        },
    )
