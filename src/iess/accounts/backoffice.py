from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iess.accounts.roles import Role, user_has_role


def links(user) -> list[tuple[str, str]]:
    result = []
    if user_has_role(user, Role.COUNTER_CLERK, Role.ADMINISTRATOR):
        result.append((_("Desbloquear clave de afiliado"), reverse("backoffice:clave_unblock")))
        result.append((_("Entregar clave patronal"), reverse("backoffice:employer_clave")))
    if user_has_role(user, Role.ADMINISTRATOR):
        result.append((_("Administración del sistema"), reverse("admin:index")))
    return result
