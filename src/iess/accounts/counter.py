"""The clerk console's actions for the clave patronal turn (appointments' counter.py hook)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iess.accounts.employer_services import PROCEDURE_SLUG
from iess.accounts.roles import Role, user_has_role


def actions(request, ticket) -> list[tuple[str, str]]:
    if ticket is None or ticket.procedure.slug != PROCEDURE_SLUG:
        return []
    if not user_has_role(request.user, Role.COUNTER_CLERK, Role.ADMINISTRATOR):
        return []
    url = reverse("backoffice:employer_clave") + "?" + urlencode({"turno": ticket.number})
    return [(str(_("Entregar clave patronal")), url)]
