from iess.accounts.models import PortalAccount


def portal_person_get(request):
    """The person signed in to the portal in this request, or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    account = PortalAccount.objects.select_related("person").filter(user=user).first()
    return account.person if account else None
