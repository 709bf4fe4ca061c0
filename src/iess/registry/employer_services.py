"""Employer registration ("registro de empleador"), the step before the clave patronal.

Kept apart from services.py (persons and provinces) so that employer and person work can move
independently. Every refusal is a ServiceError naming the field it concerns."""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iess.core.errors import ServiceError
from iess.notifications.selectors import email_verification_verified_email
from iess.registry.adapters import civil_registry, tax_registry
from iess.registry.models import Employer, EmployerRegistration, Person
from iess.registry.validators import (
    cedula_validate,
    country_validate,
    foreigner_code_validate,
    passport_validate,
    ruc_validate,
)

EMAIL_PURPOSE = "employer_registration"
# The verified email must be used within this time; after it the code is asked for again.
EMAIL_VERIFIED_VALID_MINUTES = 60
# A Calificación Artesanal is renewed every three years; an older one no longer qualifies.
ARTISAN_QUALIFICATION_VALID_YEARS = 3
ARTISAN_NUMBER_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9/-]{2,29}$")
PUBLIC_ENTITY_DIGIT = "6"
COMPANY_DIGIT = "9"

Document = EmployerRegistration.RepresentativeDocument
ALREADY_REGISTERED = _(
    "Este RUC ya tiene un registro de empleador. Para recibir la clave, genere de nuevo la "
    "solicitud de entrega de clave."
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w ]", "", bare.casefold()).split())


def _checked(validator, value: str, field: str) -> str:
    try:
        return validator(value)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages), code=f"{field}_invalid", field=field) from None


def ruc_is_natural_person(ruc: str) -> bool:
    """A natural person's RUC is their cédula followed by the establishment (third digit 0–5)."""
    return ruc[2] < PUBLIC_ENTITY_DIGIT


def _sector_check(*, ruc: str, sector: str, representative: Person) -> None:
    if sector not in Employer.Sector.values:
        raise ServiceError(_("Elija el sector del empleador."), code="sector", field="sector")
    third = ruc[2]
    if sector == Employer.Sector.PUBLIC and third != PUBLIC_ENTITY_DIGIT:
        raise ServiceError(
            _("El RUC de una entidad pública tiene 6 como tercer dígito; revise el sector."),
            code="sector_public_ruc",
            field="sector",
        )
    if sector != Employer.Sector.PUBLIC and third == PUBLIC_ENTITY_DIGIT:
        raise ServiceError(
            _("Este RUC es de una entidad pública: elija el sector público."),
            code="sector_not_public",
            field="sector",
        )
    natural_only = sector in (Employer.Sector.DOMESTIC, Employer.Sector.ARTISAN)
    if natural_only and third == COMPANY_DIGIT and representative.cedula:
        raise ServiceError(
            _(
                "Para trabajo doméstico y artesanos calificados registre el RUC de persona "
                "natural (su cédula seguida de 001)."
            ),
            code="sector_natural_person",
            field="ruc",
        )
    if ruc_is_natural_person(ruc) and representative.cedula != ruc[:10]:
        raise ServiceError(
            _(
                "El RUC es de una persona natural: el representante debe ser su titular, "
                "con la cédula %(cedula)s."
            )
            % {"cedula": ruc[:10]},
            code="natural_person_holder",
            field="representative_number",
        )


def _person_from_civil_registry(cedula: str) -> Person | None:
    record = civil_registry().lookup(cedula)
    if record is None:
        return None
    return Person.objects.create(
        cedula=record.cedula,
        first_names=record.first_names,
        last_names=record.last_names,
        birth_date=record.birth_date,
        nationality=record.nationality,
    )


def representative_find(*, document: str, number: str, nationality: str = "") -> Person:
    """The legal representative by the document they identify with, or a ServiceError."""
    field = "representative_number"
    if document == Document.CEDULA:
        cedula = _checked(cedula_validate, number, field)
        person = Person.objects.filter(cedula=cedula).first() or _person_from_civil_registry(cedula)
        if person is None:
            raise ServiceError(
                _("La cédula %(cedula)s no consta en el Registro Civil.") % {"cedula": cedula},
                code="representative_unknown",
                field=field,
            )
        return person
    if document == Document.FOREIGNER_CODE:
        code = _checked(foreigner_code_validate, number, field)
        person = Person.objects.filter(foreigner_code=code).first()
        if person is None:
            raise ServiceError(
                _("El código %(code)s no corresponde a ninguna persona registrada en el IESS.")
                % {"code": code},
                code="representative_unknown",
                field=field,
            )
        return person
    if document == Document.PASSPORT:
        try:
            passport = passport_validate(number)
        except ValidationError as error:
            raise ServiceError(
                " ".join(error.messages), code="passport_invalid", field=field
            ) from None
        if not nationality:
            raise ServiceError(
                _("Elija la nacionalidad del pasaporte."),
                code="nationality_required",
                field="representative_nationality",
            )
        nationality = _checked(country_validate, nationality, "representative_nationality")
        if nationality == "ECU":
            raise ServiceError(
                _("Los ecuatorianos se identifican con su cédula."),
                code="passport_ecuadorian",
                field="representative_document",
            )
        person = Person.objects.filter(nationality=nationality, passport_number=passport).first()
        if person is None:
            raise ServiceError(
                _(
                    "Ese pasaporte no consta en el registro del IESS. Obtenga primero el código "
                    "de identificación para extranjeros en un Centro de Atención Universal."
                ),
                code="representative_unknown",
                field=field,
            )
        return person
    raise ServiceError(
        _("Elija el documento del representante legal."),
        code="representative_document",
        field="representative_document",
    )


def _artisan_check(*, sector: str, number: str, date: datetime.date | None) -> tuple[str, object]:
    number = (number or "").strip().upper().replace(" ", "")
    if sector != Employer.Sector.ARTISAN:
        return "", None
    if not number:
        raise ServiceError(
            _("Ingrese el número de su Calificación Artesanal."),
            code="artisan_number_required",
            field="artisan_qualification_number",
        )
    if not ARTISAN_NUMBER_PATTERN.fullmatch(number):
        raise ServiceError(
            _("El número de la Calificación Artesanal tiene de 3 a 30 letras, dígitos, - o /."),
            code="artisan_number_invalid",
            field="artisan_qualification_number",
        )
    if date is None:
        raise ServiceError(
            _("Ingrese la fecha de su Calificación Artesanal."),
            code="artisan_date_required",
            field="artisan_qualification_date",
        )
    today = timezone.localdate()
    if date > today:
        raise ServiceError(
            _("La fecha de la Calificación Artesanal no puede ser futura."),
            code="artisan_date_future",
            field="artisan_qualification_date",
        )
    try:
        oldest = today.replace(year=today.year - ARTISAN_QUALIFICATION_VALID_YEARS)
    except ValueError:  # 29 February
        oldest = today.replace(year=today.year - ARTISAN_QUALIFICATION_VALID_YEARS, day=28)
    if date < oldest:
        raise ServiceError(
            _(
                "La Calificación Artesanal tiene más de %(years)d años: renuévela antes de "
                "registrarse como artesano calificado."
            )
            % {"years": ARTISAN_QUALIFICATION_VALID_YEARS},
            code="artisan_date_expired",
            field="artisan_qualification_date",
        )
    return number, date


@dataclass(frozen=True)
class EmployerRegistrationData:
    ruc: str
    legal_name: str
    sector: str
    representative: Person
    representative_document: str
    visa_number: str
    artisan_qualification_number: str
    artisan_qualification_date: datetime.date | None


def employer_registration_check(
    *,
    ruc: str,
    legal_name: str,
    sector: str,
    representative_document: str,
    representative_number: str,
    representative_nationality: str = "",
    visa_number: str = "",
    artisan_qualification_number: str = "",
    artisan_qualification_date: datetime.date | None = None,
) -> EmployerRegistrationData:
    """Every rule of the registration except the email: the RUC (digits, and the legal name and
    representative where the tax registry knows it), the sector against the kind of RUC, the
    representative's document, the Calificación Artesanal, and that the RUC is not registered
    yet. Run before the email code is sent and again when registering."""
    ruc = _checked(ruc_validate, ruc, "ruc")
    legal_name = " ".join((legal_name or "").split())
    if len(legal_name) < 3:
        raise ServiceError(
            _("Ingrese la razón social (o los nombres del empleador persona natural)."),
            code="legal_name",
            field="legal_name",
        )
    if EmployerRegistration.objects.filter(employer__ruc=ruc).exists():
        raise ServiceError(ALREADY_REGISTERED, code="ruc_registered", field="ruc")
    representative = representative_find(
        document=representative_document,
        number=representative_number,
        nationality=representative_nationality,
    )
    visa_number = (visa_number or "").strip().upper()
    if representative_document != Document.PASSPORT:
        visa_number = ""
    _sector_check(ruc=ruc, sector=sector, representative=representative)
    artisan_number, artisan_date = _artisan_check(
        sector=sector, number=artisan_qualification_number, date=artisan_qualification_date
    )
    record = tax_registry().lookup(ruc)
    if record is not None:
        if _fold(record.holder_name) != _fold(legal_name):
            raise ServiceError(
                _("La razón social no coincide con la registrada en el SRI para este RUC."),
                code="legal_name_mismatch",
                field="legal_name",
            )
        if record.identity_document and record.identity_document != (
            representative.identity_number
        ):
            raise ServiceError(
                _("El representante legal no coincide con el registrado en el SRI para este RUC."),
                code="representative_mismatch",
                field="representative_number",
            )
    return EmployerRegistrationData(
        ruc=ruc,
        legal_name=legal_name,
        sector=sector,
        representative=representative,
        representative_document=representative_document,
        visa_number=visa_number,
        artisan_qualification_number=artisan_number,
        artisan_qualification_date=artisan_date,
    )


@transaction.atomic
def employer_register(
    *,
    email: str,
    email_verification_id,
    **fields,
) -> EmployerRegistration:
    """Registers the employer with its legal representative and the email it verified
    (`fields` are those of employer_registration_check).

    An employer already in the IESS records is completed, a new one created. A RUC registers
    once; the same submission sent again returns the same registration."""
    done = EmployerRegistration.objects.filter(email_verification_id=email_verification_id)
    if email_verification_id and done.exists():
        return done.select_related("employer").get()
    email = (email or "").strip()
    verified_email = email_verification_verified_email(
        verification_id=email_verification_id,
        purpose=EMAIL_PURPOSE,
        verified_after=timezone.now() - datetime.timedelta(minutes=EMAIL_VERIFIED_VALID_MINUTES),
    )
    if not email or verified_email is None or verified_email.lower() != email.lower():
        raise ServiceError(
            _("Verifique el correo del empleador con el código que le enviamos."),
            code="email_not_verified",
            field="email",
        )
    data = employer_registration_check(**fields)
    ruc, legal_name, sector, representative = (
        data.ruc,
        data.legal_name,
        data.sector,
        data.representative,
    )
    employer = Employer.objects.select_for_update().filter(ruc=ruc).first()
    if employer is not None and hasattr(employer, "registration"):
        raise ServiceError(ALREADY_REGISTERED, code="ruc_registered", field="ruc")
    try:
        with transaction.atomic():
            if employer is None:
                employer = Employer.objects.create(ruc=ruc, legal_name=legal_name, sector=sector)
            employer.legal_name = legal_name
            employer.sector = sector
            employer.legal_representative = representative
            employer.email = email
            if employer.province_id is None:
                employer.province_id = representative.province_id
            employer.save()
            return EmployerRegistration.objects.create(
                employer=employer,
                representative=representative,
                representative_document=data.representative_document,
                visa_number=data.visa_number,
                email=email,
                email_verification_id=email_verification_id,
                artisan_qualification_number=data.artisan_qualification_number,
                artisan_qualification_date=data.artisan_qualification_date,
            )
    except IntegrityError:
        # Another request registered this RUC (or this very submission) a moment ago.
        again = EmployerRegistration.objects.filter(email_verification_id=email_verification_id)
        if again.exists():
            return again.get()
        raise ServiceError(ALREADY_REGISTERED, code="ruc_registered", field="ruc") from None
