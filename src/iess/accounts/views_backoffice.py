from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

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
            form = ClaveUnblockForm(data=request.POST or None)
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
