"""Staff roles are Django groups; these are their names and what each may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTER_CLERK = "Ventanilla", _("Ventanilla (atención al ciudadano)")
    PROVINCIAL_REVIEWER = "Revisor provincial", _("Revisor provincial")
    LEGAL_ADVISOR = "Asesor jurídico", _("Asesoría jurídica")
    ADMINISTRATOR = "Administrador", _("Administrador")


def user_has_role(user, *roles: Role) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    names = {str(role.value) for role in roles}
    return user.groups.filter(name__in=names).exists()
