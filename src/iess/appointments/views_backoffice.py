"""The counter clerks' pages (/oficina/turnos/): console, walk-in turns and the kiosk. Every
page acts only on the agency where the signed-in clerk works."""

from functools import wraps

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iess.accounts.roles import Role, user_has_role
from iess.appointments import forms, rules, selectors, services
from iess.appointments.models import Ticket
from iess.core.errors import ServiceError
from iess.core.extensions import app_modules

COUNTER_SESSION_KEY = "turnero_counter"


def agency_staff_required(view):
    @staff_member_required(login_url="backoffice:login")
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        agency = selectors.staff_agency(request.user)
        if agency is None or not user_has_role(
            request.user, Role.COUNTER_CLERK, Role.ADMINISTRATOR
        ):
            raise PermissionDenied(_("No tiene una agencia asignada para atender turnos."))
        request.agency = agency
        return view(request, *args, **kwargs)

    return wrapper


def _counter(request) -> int:
    counters = selectors.agency_counter_numbers(request.agency)
    chosen = request.GET.get("ventanilla") or request.session.get(COUNTER_SESSION_KEY)
    try:
        counter = int(chosen)
    except (TypeError, ValueError):
        counter = counters[0]
    if counter not in counters:
        counter = counters[0]
    request.session[COUNTER_SESSION_KEY] = counter
    return counter


@agency_staff_required
def console(request):
    agency = request.agency
    counter = _counter(request)
    today = rules.local_today()
    current = (
        Ticket.objects.filter(agency=agency, counter=counter, status=Ticket.Status.CALLED)
        .select_related("procedure", "appointment")
        .first()
    )
    counters = selectors.agency_counter_numbers(agency)
    procedure_actions = (
        [action for module in app_modules("counter") for action in module.actions(request, current)]
        if current
        else []
    )
    return render(
        request,
        "appointments/office/console.html",
        {
            "agency": agency,
            "counter": counter,
            "counters": counters,
            "current": current,
            "procedure_actions": procedure_actions,
            "finish_form": forms.FinishForm(),
            "transfer_form": forms.TransferForm(counters=[n for n in counters if n != counter]),
            "queue": selectors.ticket_queue(agency=agency, day=today),
            "calls": selectors.ticket_recent_calls(agency=agency, day=today),
            "appointments": selectors.appointment_day_list(agency=agency, day=today),
            "affected": selectors.appointment_affected_list(agency=agency),
        },
    )


@require_POST
@agency_staff_required
def call_next(request):
    try:
        ticket = services.ticket_call_next(
            agency=request.agency, counter=_counter(request), actor=request.user
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if ticket is None:
            messages.info(request, _("No hay personas en espera."))
        else:
            messages.success(
                request, _("Llamando al turno %(number)s.") % {"number": ticket.number}
            )
    return redirect("appointments_office:console")


@require_POST
@agency_staff_required
def ticket_action(request, pk, action):
    agency, actor = request.agency, request.user
    try:
        if action == "again":
            services.ticket_call_again(agency=agency, ticket_id=pk, actor=actor)
        elif action == "attend":
            form = forms.FinishForm(request.POST)
            form.is_valid()
            services.ticket_finish(
                agency=agency,
                ticket_id=pk,
                attended=True,
                outcome=form.cleaned_data.get("outcome", ""),
                actor=actor,
            )
            messages.success(request, _("Atención registrada."))
        elif action == "no_show":
            services.ticket_finish(agency=agency, ticket_id=pk, attended=False, actor=actor)
        elif action == "transfer":
            form = forms.TransferForm(
                request.POST, counters=selectors.agency_counter_numbers(agency)
            )
            if not form.is_valid():
                raise ServiceError(_("Elija una ventanilla de la lista."))
            services.ticket_transfer(
                agency=agency, ticket_id=pk, counter=form.cleaned_data["counter"], actor=actor
            )
        else:
            raise ServiceError(_("Acción desconocida."))
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("appointments_office:console")


@agency_staff_required
def walk_in(request):
    form = forms.WalkInForm(request.POST or None)
    ticket = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_issue_walk_in(
                agency=request.agency,
                procedure=selectors.procedure_get(data["procedure"]),
                reason=data["reason"],
                identity=data["identity"],
                name=data["name"],
                priority=data["priority"],
                booking_code=data["booking_code"],
                actor=request.user,
            )
        except ServiceError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error.message))
        else:
            form = forms.WalkInForm()
    return render(
        request,
        "appointments/office/walk_in.html",
        {"form": form, "ticket": ticket, "agency": request.agency},
    )


@agency_staff_required
def kiosk(request):
    """The check-in kiosk of the agency: the booked person scans the QR or types the code."""
    form = forms.KioskForm(request.POST or None)
    ticket = None
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.appointment_check_in(
                agency=request.agency, scanned=form.cleaned_data["scanned"]
            )
        except ServiceError as service_error:
            error = service_error
            form.add_error("scanned", str(service_error.message))
        else:
            form = forms.KioskForm()
    return render(
        request,
        "appointments/office/kiosk.html",
        {
            "form": form,
            "ticket": ticket,
            "late": error is not None and error.code == "too_late",
            "agency": request.agency,
        },
    )
