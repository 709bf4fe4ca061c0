from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from iess.accounts.employer_forms import CounterIssueForm, CounterSearchForm
from iess.accounts.employer_selectors import clave_request_find
from iess.accounts.employer_services import CounterChecks, employer_clave_issue_at_counter
from iess.accounts.forms import ClaveUnblockForm, ClaveUnblockSearchForm
from iess.accounts.roles import Role, user_has_role
from iess.accounts.selectors import clave_state_for
from iess.accounts.services import clave_unblock
from iess.core.errors import ServiceError
from iess.core.extensions import app_modules
from iess.registry.selectors import person_get_by_identity


@staff_member_required(login_url="backoffice:login")
def backoffice_home(request):
    links = []
    for module in app_modules("backoffice"):
        links.extend(module.links(request.user))
    return render(request, "accounts/backoffice_home.html", {"links": links})


@staff_member_required(login_url="backoffice:login")
def clave_unblock_view(request):
    """A counter clerk finds the person by cédula and, having seen their original document,
    unblocks their clave."""
    if not user_has_role(request.user, Role.COUNTER_CLERK, Role.ADMINISTRATOR):
        raise PermissionDenied
    search = ClaveUnblockSearchForm(data=request.GET or None)
    person = state = None
    form = None
    if search.is_valid():
        person = person_get_by_identity(search.cleaned_data["identity"])
        if person is None:
            search.add_error("identity", _("No hay ninguna persona con esa identificación."))
        else:
            state = clave_state_for(person=person)
            form = ClaveUnblockForm(data=request.POST if request.method == "POST" else None)
            if request.method == "POST" and form.is_valid():
                try:
                    clave_unblock(
                        person=person, actor=request.user, reason=form.cleaned_data["reason"]
                    )
                except ServiceError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(
                        request,
                        _("Clave de %(name)s desbloqueada. Ya puede generar una clave nueva.")
                        % {"name": person.full_name},
                    )
                    return redirect(f"{request.path}?identity={person.identity_number}")
    return render(
        request,
        "accounts/clave_unblock.html",
        {"search": search, "person": person, "state": state, "form": form},
    )


@staff_member_required(login_url="backoffice:login")
def employer_clave_view(request):
    """The counter delivery of the clave patronal: the clerk finds the employer's request (by
    RUC or the request's code), checks the signed originals and who collects, and issues."""
    if not user_has_role(request.user, Role.COUNTER_CLERK, Role.ADMINISTRATOR):
        raise PermissionDenied
    ticket_number = request.GET.get("turno", "")[:8]
    search = CounterSearchForm(data=request.GET if "q" in request.GET else None)
    clave_request = form = None
    if search.is_valid():
        clave_request = clave_request_find(search.cleaned_data["q"])
        if clave_request is None:
            search.add_error(
                "q",
                _("No hay una solicitud pendiente con ese RUC ni una solicitud con ese código."),
            )
        elif clave_request.status == clave_request.Status.PENDING:
            form = CounterIssueForm(data=request.POST if request.method == "POST" else None)
            if request.method == "POST" and form.is_valid():
                try:
                    employer_clave_issue_at_counter(
                        clave_request=clave_request,
                        actor=request.user,
                        checks=CounterChecks(**form.cleaned_data),
                        ticket_number=ticket_number,
                    )
                except ServiceError as error:
                    form.add_error(
                        error.field if error.field in form.fields else None, error.message
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Clave patronal de %(employer)s entregada: el enlace para crearla "
                            "se envió a %(email)s."
                        )
                        % {
                            "employer": clave_request.employer.legal_name,
                            "email": clave_request.employer.registration.email,
                        },
                    )
                    return redirect(f"{request.path}?q={clave_request.code}")
    return render(
        request,
        "accounts/employer/counter.html",
        {
            "search": search,
            "clave_request": clave_request,
            "form": form,
            "ticket_number": ticket_number,
        },
    )
