from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from iess.core.errors import ServiceError
from iess.core.services import audit_record, snapshot
from iess.registry import validators
from iess.registry.models import Employer, Person, Province
from iess.registry.provinces import PROVINCES
from iess.registry.selectors import person_get_by_travel_document
from iess.registry.validators import document_number_compact


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


def _same_person(person: Person, first_names: str, last_names: str, birth_date) -> bool:
    return (
        validators.text_comparable(person.first_names) == validators.text_comparable(first_names)
        and validators.text_comparable(person.last_names) == validators.text_comparable(last_names)
        and person.birth_date == birth_date
    )


@transaction.atomic
def person_foreigner_register(
    *,
    first_names: str,
    last_names: str,
    birth_date,
    nationality: str,
    passport_number: str = "",
    visa_number: str = "",
    email: str = "",
    mobile: str = "",
    address: str = "",
    province_code: str | None = None,
) -> Person:
    """Registers a foreigner by passport (or by visa when there is no passport) and
    nationality, or returns the one already registered with those documents
    (`person_get_by_travel_document`). A visa-only foreigner keeps an empty passport until
    they show one, which is then recorded on the same person."""
    passport = document_number_compact(passport_number)
    visa = document_number_compact(visa_number)
    if not passport and not visa:
        raise ValueError("a foreigner is registered by passport or visa")
    arguments = {
        "first_names": " ".join(first_names.split()),
        "last_names": " ".join(last_names.split()),
        "birth_date": birth_date,
        "nationality": nationality,
        "passport": passport,
        "visa": visa,
        "contact": {"email": email, "mobile": mobile, "address": address},
        "province_code": province_code,
    }
    try:
        with transaction.atomic():
            return _foreigner_find_or_create(**arguments)
    except IntegrityError:
        # Two clerks registering the same foreigner at once: this insert waited on the unique
        # index for the other one and failed; now the lookup finds the person it stored.
        with transaction.atomic():
            return _foreigner_find_or_create(**arguments)


def _foreigner_find_or_create(
    *, first_names, last_names, birth_date, nationality, passport, visa, contact, province_code
) -> Person:
    person = person_get_by_travel_document(
        nationality=nationality, passport_number=passport, visa_number=visa
    )
    if person is not None:
        found_by_visa = not passport or person.passport_number != passport
        if found_by_visa and not _same_person(person, first_names, last_names, birth_date):
            # A mistyped visa must not hand this person's registry entry (and later a code)
            # to someone else.
            raise ServiceError(
                _(
                    "La visa %(visa)s está registrada a nombre de otra persona. Revise el "
                    "número y los nombres."
                )
                % {"visa": visa},
                code="visa_other_person",
                field="visa_number",
            )
        if passport and not person.passport_number:
            person.passport_number = passport
            _person_check(person)
            person.save(update_fields=["passport_number", "updated_at"])
        return person
    person = Person(
        first_names=first_names,
        last_names=last_names,
        birth_date=birth_date,
        nationality=nationality,
        passport_number=passport,
        visa_number=visa,
        province_id=province_code,
        **contact,
    )
    _person_check(person)
    person.save()
    return person


def _person_check(person: Person) -> None:
    """The model's field rules (lengths, country, mobile) as a message on the field at fault."""
    try:
        person.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ServiceError.first_field_error(error, code="person_invalid") from None


@transaction.atomic
def taxpayer_register(*, ruc: str, holder: Person, province_code: str | None = None) -> Employer:
    """Records the RUC of a natural person (an independent worker) in the local tax registry
    the default SRI adapter reads: the holder's name and identity document."""
    taxpayer, _created = Employer.objects.update_or_create(
        ruc=validators.ruc_validate(ruc),
        defaults={
            "legal_name": holder.full_name,
            "sector": Employer.Sector.PRIVATE,
            "legal_representative": holder,
            "email": holder.email,
            "province_id": province_code,
        },
    )
    return taxpayer


FOREIGNER_CODE_ATTEMPTS = 20


def _foreigner_code_next() -> str:
    last = (
        Person.objects.filter(foreigner_code__isnull=False)
        .order_by("-foreigner_code")
        .values_list("foreigner_code", flat=True)
        .first()
    )
    # The serial is the seven digits before the check digit; fixed width keeps text order
    # equal to number order.
    serial = int(last[len(validators.FOREIGNER_CODE_PREFIX) : -1]) if last else 0
    return validators.foreigner_code_make(serial + 1)


@transaction.atomic
def person_foreigner_code_assign(*, person: Person) -> str:
    """Gives the person the next IESS foreigner identification code.

    The unique index on the code is the arbiter: two clerks issuing at once may draw the same
    next serial; the second insert fails on the index (after waiting for the first to commit
    on PostgreSQL), its savepoint is rolled back and it draws again."""
    if person.cedula:
        raise ValueError("a person with a cédula gets no foreigner code")
    if person.foreigner_code:
        return person.foreigner_code
    for _attempt in range(FOREIGNER_CODE_ATTEMPTS):
        code = _foreigner_code_next()
        try:
            with transaction.atomic():
                updated = Person.objects.filter(pk=person.pk, foreigner_code__isnull=True).update(
                    foreigner_code=code
                )
        except IntegrityError:
            continue
        if not updated:
            person.refresh_from_db(fields=["foreigner_code"])
            return person.foreigner_code
        person.foreigner_code = code
        return code
    raise RuntimeError("could not allocate a foreigner code")
