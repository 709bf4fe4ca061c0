"""Identity numbers of Ecuador, checked with python-stdnum and phonenumbers.

Each validator returns the number in its canonical form or raises a ValidationError whose
message says what is wrong (length, province, check digit) in the user's language.
"""

from dataclasses import dataclass

import phonenumbers
import pycountry
from django.core.exceptions import ValidationError
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


def identity_number_parse(value: str) -> IdentityNumber:
    """A cédula or an IESS foreigner identification code, typed in the same box."""
    raw = (value or "").strip().upper()
    if raw.startswith(FOREIGNER_CODE_PREFIX):
        return IdentityNumber("foreigner_code", foreigner_code_validate(raw))
    return IdentityNumber("cedula", cedula_validate(raw))


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


def passport_normalize(value: str) -> str:
    """Passport and visa numbers as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


def country_validate(value: str) -> str:
    """An ISO 3166-1 alpha-3 country code from pycountry's maintained list."""
    country = pycountry.countries.get(alpha_3=(value or "").upper())
    if country is None:
        raise ValidationError(_("Seleccione un país de la lista."), code="country")
    return country.alpha_3


def country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((country.alpha_3, country.name) for country in pycountry.countries),
        key=lambda item: item[1],
    )
