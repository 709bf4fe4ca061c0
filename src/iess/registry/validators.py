"""Identity numbers of Ecuador, checked with python-stdnum and phonenumbers.

Each validator returns the number in its canonical form or raises a ValidationError whose
message says what is wrong (length, province, check digit) in the user's language.
"""

import functools
import gettext as gettext_module
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
import pycountry
from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum import luhn
from stdnum.ec import ci, ruc

FOREIGNER_CODE_PREFIX = "EX"
FOREIGNER_CODE_LENGTH = 10


def _province_is_known(number: str) -> bool:
    province = number[:2]
    return "01" <= province <= "24" or province in ("30", "50")


def _stdnum_checked(module, value: str, messages: dict) -> str:
    """Validates with a python-stdnum module and turns each of its errors into the message
    that says what is wrong (length, digits, province, structure, check digit)."""
    number = module.compact(value or "")
    if not number:
        raise ValidationError(messages["required"], code="required")
    try:
        return module.validate(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            messages["length"], code="length", params={"count": len(number)}
        ) from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(messages["format"], code="format") from None
    except stdnum_errors.InvalidComponent:
        if not _province_is_known(number):
            raise ValidationError(
                _("Los dos primeros dígitos (%(code)s) no corresponden a ninguna provincia."),
                code="province",
                params={"code": number[:2]},
            ) from None
        message, code = messages["component"]
        raise ValidationError(message, code=code) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(messages["checksum"], code="checksum") from None


CEDULA_MESSAGES = {
    "required": _("Ingrese el número de cédula."),
    "length": _("La cédula debe tener 10 dígitos; ingresó %(count)d."),
    "format": _("La cédula solo puede contener dígitos."),
    "component": (_("El tercer dígito de la cédula debe estar entre 0 y 6."), "third_digit"),
    "checksum": _("El dígito verificador de la cédula no es correcto; revise el número."),
}
RUC_MESSAGES = {
    "required": _("Ingrese el número de RUC."),
    "length": _("El RUC debe tener 13 dígitos; ingresó %(count)d."),
    "format": _("El RUC solo puede contener dígitos."),
    "component": (
        _("El RUC no tiene una estructura válida (tercer dígito o establecimiento)."),
        "component",
    ),
    "checksum": _("El dígito verificador del RUC no es correcto; revise el número."),
}


def cedula_validate(value: str) -> str:
    return _stdnum_checked(ci, value, CEDULA_MESSAGES)


def ruc_validate(value: str) -> str:
    return _stdnum_checked(ruc, value, RUC_MESSAGES)


def foreigner_code_validate(value: str) -> str:
    """IESS foreigner identification code: "EX" and eight digits, the last a Luhn check digit."""
    code = (value or "").replace(" ", "").replace("-", "").upper()
    if not code:
        raise ValidationError(_("Ingrese el código de identificación para extranjero."), "required")
    digits = code[len(FOREIGNER_CODE_PREFIX) :]
    if not code.startswith(FOREIGNER_CODE_PREFIX) or not digits.isdigit():
        raise ValidationError(
            _(
                "El código de identificación para extranjero tiene la forma EX seguida de 8 dígitos."
            ),
            code="format",
        )
    if len(code) != FOREIGNER_CODE_LENGTH:
        raise ValidationError(
            _("El código de identificación para extranjero debe tener 8 dígitos después de EX."),
            code="length",
        )
    if not luhn.is_valid(digits):
        raise ValidationError(
            _("El dígito verificador del código de extranjero no es correcto."), code="checksum"
        )
    return code


def foreigner_code_make(serial: int) -> str:
    """The code for a serial number, its check digit computed by python-stdnum."""
    body = f"{serial:07d}"
    return f"{FOREIGNER_CODE_PREFIX}{body}{luhn.calc_check_digit(body)}"


@dataclass(frozen=True)
class IdentityNumber:
    kind: str  # "cedula" or "foreigner_code"
    value: str


def identity_number_kind(value: str) -> str:
    """Which of the two a box for "cédula or foreigner code" holds: the code starts with EX."""
    raw = (value or "").strip().upper()
    return "foreigner_code" if raw.startswith(FOREIGNER_CODE_PREFIX) else "cedula"


def identity_number_parse(value: str) -> IdentityNumber:
    """A cédula or an IESS foreigner identification code, typed in the same box."""
    raw = (value or "").strip().upper()
    if identity_number_kind(raw) == "foreigner_code":
        return IdentityNumber("foreigner_code", foreigner_code_validate(raw))
    return IdentityNumber("cedula", cedula_validate(raw))


class IdentityDocumentKind(TextChoices):
    """The documents a person identifies with: Ecuadorians by cédula; foreigners by the IESS
    foreigner code or, per the sheets' alternative requirements, by passport or visa."""

    CEDULA = "cedula", _("Cédula")
    FOREIGNER_CODE = "foreigner_code", _("Código de identificación para extranjero")
    PASSPORT = "passport", _("Pasaporte")
    VISA = "visa", _("Visa")


# A passport or a visa says nothing about the country by its number: it needs the nationality.
DOCUMENTS_WITH_NATIONALITY = (IdentityDocumentKind.PASSPORT, IdentityDocumentKind.VISA)
PASSPORT_PATTERN = re.compile(r"[A-Z0-9]{5,20}")
VISA_PATTERN = re.compile(r"[A-Z0-9]{5,30}")


def document_number_compact(value: str) -> str:
    """A document number as stored: upper case, without spaces, dashes or other signs."""
    return "".join(char for char in (value or "").upper() if char.isalnum())


def _travel_document_validate(value: str, pattern, *, missing, malformed) -> str:
    number = re.sub(r"[\s-]", "", value or "").upper()
    if not number:
        raise ValidationError(missing, code="required")
    if not pattern.fullmatch(number):
        raise ValidationError(malformed, code="format")
    return number


def passport_validate(value: str) -> str:
    return _travel_document_validate(
        value,
        PASSPORT_PATTERN,
        missing=_("Ingrese el número del pasaporte."),
        malformed=_("El pasaporte tiene de 5 a 20 letras y dígitos."),
    )


def visa_validate(value: str) -> str:
    return _travel_document_validate(
        value,
        VISA_PATTERN,
        missing=_("Ingrese el número de la visa."),
        malformed=_("La visa tiene de 5 a 30 letras y dígitos."),
    )


@dataclass(frozen=True)
class IdentityDocument:
    kind: str  # an IdentityDocumentKind value
    number: str
    nationality: str = ""  # ISO 3166 alpha-3, for a passport or a visa only

    @property
    def label(self) -> str:
        """What a reviewer reads: the kind, the number and, for a passport or a visa, the
        country code as the document itself prints it."""
        text = f"{IdentityDocumentKind(self.kind).label} {self.number}"
        return f"{text} ({self.nationality})" if self.nationality else text


def identity_document_parse(*, kind: str, number: str, nationality: str = "") -> IdentityDocument:
    """The identity document a person states: the kind they chose, its number checked for that
    kind and, for a passport or a visa, a foreign nationality. A ValidationError names the
    field at fault: `identity_kind`, `identity` (the number) or `nationality`."""
    validators = {
        IdentityDocumentKind.CEDULA: cedula_validate,
        IdentityDocumentKind.FOREIGNER_CODE: foreigner_code_validate,
        IdentityDocumentKind.PASSPORT: passport_validate,
        IdentityDocumentKind.VISA: visa_validate,
    }
    if kind not in validators:
        raise ValidationError(
            {"identity_kind": ValidationError(_("Elija su documento de identidad."), "required")}
        )
    try:
        number = validators[kind](number)
    except ValidationError as error:
        raise ValidationError({"identity": error}) from None
    if kind not in DOCUMENTS_WITH_NATIONALITY:
        return IdentityDocument(kind, number)
    if not nationality:
        raise ValidationError(
            {
                "nationality": ValidationError(
                    _("Elija la nacionalidad del pasaporte o de la visa."), "required"
                )
            }
        )
    try:
        nationality = country_validate(nationality)
    except ValidationError as error:
        raise ValidationError({"nationality": error}) from None
    if nationality == "ECU":
        raise ValidationError(
            {
                "nationality": ValidationError(
                    _("Los ecuatorianos se identifican con su cédula."), "ecuadorian"
                )
            }
        )
    return IdentityDocument(kind, number, nationality)


def mobile_validate(value: str) -> str:
    """An Ecuadorian mobile (09XXXXXXXX or +5939XXXXXXXX), returned in E.164 form."""
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Ingrese su número de celular."), code="required")
    try:
        parsed = phonenumbers.parse(raw, "EC")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("El número de celular no es válido; use 09XXXXXXXX o +5939XXXXXXXX."), code="format"
        ) from None
    if (
        parsed.country_code != 593
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise ValidationError(
            _("El número de celular no es válido; use 09XXXXXXXX o +5939XXXXXXXX."), code="invalid"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_validate(value: str) -> str:
    """Any Ecuadorian phone, landline or mobile, returned in E.164 form."""
    try:
        parsed = phonenumbers.parse((value or "").strip(), "EC")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("El número de teléfono no es válido."), code="format") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("El número de teléfono no es válido."), code="invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def country_validate(value: str) -> str:
    """An ISO 3166-1 alpha-3 country code from pycountry's maintained list."""
    country = pycountry.countries.get(alpha_3=(value or "").upper())
    if country is None:
        raise ValidationError(_("Seleccione un país de la lista."), code="country")
    return country.alpha_3


@functools.cache
def _country_names(language: str) -> gettext_module.NullTranslations:
    return gettext_module.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def _country_label(country) -> str:
    # The common name where ISO has one ("Venezuela", not "Venezuela, Bolivarian Republic
    # of"): what a person reads on their passport cover and looks for in a list.
    name = getattr(country, "common_name", None) or country.name
    return _country_names(to_locale(get_language() or "es")).gettext(name)


def country_name(alpha_3: str) -> str:
    """The country's name in the active language (pycountry's ISO 3166 translations); an
    unknown code is returned as it is."""
    country = pycountry.countries.get(alpha_3=alpha_3 or "")
    return _country_label(country) if country else alpha_3


def country_choices() -> list[tuple[str, str]]:
    """Every country as (alpha-3, name in the active language), in alphabetical order with
    accents ignored, so "Austria" follows "Alemania" and "Perú" sits among the P."""
    names = [(country.alpha_3, _country_label(country)) for country in pycountry.countries]
    return sorted(names, key=lambda item: text_comparable(item[1]))


def text_comparable(text: str) -> str:
    """Text as people compare it: without accents, case or repeated spaces ("Pérez  " is
    "perez")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())
