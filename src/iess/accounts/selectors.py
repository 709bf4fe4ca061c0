from iess.accounts.models import ClaveState, PortalAccount


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
