from django.core.exceptions import ObjectDoesNotExist

from iess.accounts.models import ClaveState, PortalAccount
from iess.accounts.roles import Role, user_has_role

NO_PROVINCE = ""


def staff_province_scope(user) -> str | None:
    """The province a staff member is limited to, or None for national staff (administrators
    and profiles without a province). Staff without a profile get NO_PROVINCE, which matches
    no province: a missing record never widens scope."""
    if user.is_superuser or user_has_role(user, Role.ADMINISTRATOR):
        return None
    try:
        return user.staff_profile.province_id
    except ObjectDoesNotExist:
        return NO_PROVINCE


def portal_person_get(request):
    """The person signed in to the portal in this request, or None (also when their clave
    has been blocked since they signed in)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    account = PortalAccount.objects.select_related("person").filter(user=user).first()
    if account is None:
        return None
    if clave_is_blocked(person_id=account.person_id):
        return None
    return account.person


def clave_is_blocked(*, person_id: int) -> bool:
    return ClaveState.objects.filter(person_id=person_id, blocked_at__isnull=False).exists()


def clave_state_for(*, person) -> ClaveState | None:
    return ClaveState.objects.filter(person=person).first()
