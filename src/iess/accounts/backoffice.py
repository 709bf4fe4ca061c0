from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iess.accounts.roles import Role, user_has_role


def links(user) -> list[tuple[str, str]]:
    if user_has_role(user, Role.ADMINISTRATOR):
        return [(_("Administración del sistema"), reverse("admin:index"))]
    return []
