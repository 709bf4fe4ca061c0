from django.db.models import Q

from iess.registry.models import Employer, Person, Province
from iess.registry.validators import IdentityNumber, document_number_compact, identity_number_parse


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


def person_get_by_travel_document(
    *, nationality: str, passport_number: str = "", visa_number: str = ""
) -> Person | None:
    """The foreigner of this country known by these travel documents, or None.

    By the passport first. Failing that, by the visa: without a passport, the person known by
    the visa alone, or else the one person holding it (several holders: None, since people
    with a passport may share a visa number); with a passport not yet registered, only a
    person known by the visa alone, who has since shown a passport. A passport number is
    never compared with a visa number: equal numbers say nothing about who holds them.
    Callers that reuse a person found by the visa check that the names agree."""
    passport = document_number_compact(passport_number)
    visa = document_number_compact(visa_number)
    if passport:
        person = Person.objects.filter(nationality=nationality, passport_number=passport).first()
        if person is not None or not visa:
            return person
    elif not visa:
        return None
    holders = Person.objects.filter(nationality=nationality, visa_number=visa)
    known_by_visa_alone = holders.filter(passport_number="").first()
    if known_by_visa_alone is not None or passport:
        return known_by_visa_alone
    two_at_most = list(holders.order_by("pk")[:2])
    return two_at_most[0] if len(two_at_most) == 1 else None


def persons_holding_travel_documents(
    *, nationality: str, passport_number: str = "", visa_number: str = ""
) -> list[Person]:
    """Everyone of this country registered with this passport or with this visa, the passport
    holder first: what a certificate that nobody is affiliated must rule out (a renewed
    passport still carries the old visa)."""
    passport = document_number_compact(passport_number)
    visa = document_number_compact(visa_number)
    documents = Q(pk__in=[])
    if passport:
        documents |= Q(passport_number=passport)
    if visa:
        documents |= Q(visa_number=visa)
    holders = Person.objects.filter(documents, nationality=nationality).order_by("pk")
    return sorted(holders, key=lambda person: person.passport_number != passport)
