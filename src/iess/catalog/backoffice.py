from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iess.accounts.roles import Role, user_has_role


def links(user) -> list[tuple[str, str]]:
    if user_has_role(user, Role.ADMINISTRATOR, Role.PROVINCIAL_REVIEWER):
        return [(_("Quejas sobre trámites"), reverse("catalog:complaint_backoffice_list"))]
    return []
