from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from iess.accounts.models import StaffProfile
from iess.accounts.roles import Role
from iess.core.services import audit_record, snapshot


@transaction.atomic
def roles_sync() -> None:
    """Creates the group of every staff role (idempotent)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def staff_user_create(
    *,
    username: str,
    password: str,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    province_code: str | None = None,
    actor=None,
):
    """Creates (or updates) a staff member with one role and, optionally, a province."""
    roles_sync()
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=username)
    before = snapshot(user) if not _created else None
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_staff = True
    user.is_superuser = role == Role.ADMINISTRATOR
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=role.value)])
    StaffProfile.objects.update_or_create(user=user, defaults={"province_id": province_code})
    if actor is not None:
        audit_record(
            actor=actor,
            action="staff.create" if _created else "staff.update",
            target=user,
            before=before,
            after=snapshot(user),
        )
    return user


@transaction.atomic
def portal_account_set_password(*, person, password: str):
    """Creates the person's portal account if needed and sets its clave (argon2-hashed).
    Changing the password ends the person's other sessions (Django's session auth hash)."""
    from iess.accounts.models import PortalAccount

    account = PortalAccount.objects.select_related("user").filter(person=person).first()
    if account is None:
        user = get_user_model().objects.create_user(username=person.identity_number)
        account = PortalAccount.objects.create(user=user, person=person)
    account.user.set_password(password)
    account.user.save(update_fields=["password"])
    return account
