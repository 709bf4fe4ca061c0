from iess.registry.models import Employer, Person, Province
from iess.registry.validators import IdentityNumber, identity_number_parse


def person_get_by_identity(number: IdentityNumber | str) -> Person | None:
    """The person with this cédula or foreigner identification code, or None.

    A string is parsed first (ValidationError with a clear message when malformed)."""
    if isinstance(number, str):
        number = identity_number_parse(number)
    if number.kind == "cedula":
        return Person.objects.filter(cedula=number.value).first()
    return Person.objects.filter(foreigner_code=number.value).first()


def person_get(*, person_id: int) -> Person | None:
    return Person.objects.filter(pk=person_id).first()


def person_lock(*, person_id: int) -> Person | None:
    """The person, with its row locked until the end of the caller's transaction: serialises
    per-person checks (such as counting failed attempts) that span several tables."""
    return Person.objects.select_for_update().filter(pk=person_id).first()


def employer_get_by_ruc(ruc: str) -> Employer | None:
    return Employer.objects.filter(ruc=ruc).first()


def province_list():
    return Province.objects.order_by("name")


def person_get_by_passport(*, nationality: str, passport_number: str) -> Person | None:
    """The foreigner registered with this passport of this country, or None."""
    number = (passport_number or "").strip().upper()
    if not number:
        return None
    return Person.objects.filter(nationality=nationality, passport_number=number).first()
