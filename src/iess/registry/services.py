from django.db import transaction

from iess.core.services import audit_record, snapshot
from iess.registry.models import Person, Province
from iess.registry.provinces import PROVINCES


@transaction.atomic
def province_sync() -> int:
    """Makes the province table hold exactly Ecuador's 24 provinces (idempotent)."""
    for code, name in PROVINCES:
        Province.objects.update_or_create(code=code, defaults={"name": name})
    return len(PROVINCES)


@transaction.atomic
def person_contact_update(
    *,
    person: Person,
    actor=None,
    email: str | None = None,
    mobile: str | None = None,
    landline: str | None = None,
    address: str | None = None,
) -> Person:
    """Changes a person's contact data; a staff actor leaves an audit entry."""
    before = snapshot(person)
    changes = {"email": email, "mobile": mobile, "landline": landline, "address": address}
    for field, value in changes.items():
        if value is not None:
            setattr(person, field, value)
    person.full_clean()
    person.save()
    if actor is not None and getattr(actor, "is_staff", False):
        audit_record(
            actor=actor,
            action="person.contact_update",
            target=person,
            before=before,
            after=snapshot(person),
        )
    return person
