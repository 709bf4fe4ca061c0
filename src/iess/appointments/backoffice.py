from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iess.accounts.roles import Role, user_has_role
from iess.appointments.selectors import staff_agency


def links(user) -> list[tuple[str, str]]:
    agency = staff_agency(user)
    if agency is None or not user_has_role(user, Role.COUNTER_CLERK, Role.ADMINISTRATOR):
        return []
    return [
        (
            _("Turnos: consola de ventanilla (%(agency)s)") % {"agency": agency.name},
            reverse("appointments_office:console"),
        ),
        (_("Turnos: quiosco de llegada"), reverse("appointments_office:kiosk")),
        (_("Turnos: turno presencial"), reverse("appointments_office:walk_in")),
        (
            _("Turnos: pantalla de la sala de espera"),
            reverse("appointments:display", args=[agency.pk]),
        ),
    ]
