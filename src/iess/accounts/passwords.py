"""The rules of a clave de afiliado: the sheet's (at least 8 characters, letters and digits
only) plus what keeps it from being guessed (not the cédula, the name, the birth date, nor a
commonly used password from Django's list)."""

import unicodedata

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CLAVE_MIN_LENGTH = 8
CLAVE_MAX_LENGTH = 64


def fold(text: str) -> str:
    """Lower case without accents or surrounding spaces, inner spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def _birth_date_forms(date) -> set[str]:
    return {
        date.strftime("%d%m%Y"),
        date.strftime("%Y%m%d"),
        date.strftime("%m%d%Y"),
        date.strftime("%d%m%y"),
        date.strftime("%y%m%d"),
    }


def clave_validate(password: str, *, person) -> None:
    """Raises a ValidationError listing every rule the clave breaks."""
    errors = []
    if len(password) < CLAVE_MIN_LENGTH:
        errors.append(
            ValidationError(
                _("La clave debe tener al menos %(min)d caracteres."),
                code="too_short",
                params={"min": CLAVE_MIN_LENGTH},
            )
        )
    if len(password) > CLAVE_MAX_LENGTH:
        errors.append(
            ValidationError(
                _("La clave puede tener hasta %(max)d caracteres."),
                code="too_long",
                params={"max": CLAVE_MAX_LENGTH},
            )
        )
    if not all(char.isalpha() or char in "0123456789" for char in password):
        errors.append(
            ValidationError(
                _("La clave solo puede tener letras y números (sin espacios ni símbolos)."),
                code="not_alphanumeric",
            )
        )
    elif not (
        any(char.isalpha() for char in password) and any(char.isdigit() for char in password)
    ):
        errors.append(
            ValidationError(_("La clave debe combinar letras y números."), code="not_mixed")
        )
    folded = fold(password)
    identity = (person.identity_number or "").casefold()
    if identity and identity in folded:
        errors.append(
            ValidationError(
                _("La clave no puede contener su número de identificación."), code="identity"
            )
        )
    names = fold(f"{person.first_names} {person.last_names}").split()
    if any(len(name) >= 3 and name in folded for name in names):
        errors.append(
            ValidationError(_("La clave no puede contener su nombre ni su apellido."), code="name")
        )
    if person.birth_date and any(form in folded for form in _birth_date_forms(person.birth_date)):
        errors.append(
            ValidationError(
                _("La clave no puede contener su fecha de nacimiento."), code="birth_date"
            )
        )
    try:
        CommonPasswordValidator().validate(password)
    except ValidationError:
        errors.append(
            ValidationError(
                _("Esa clave es de las más usadas y fácil de adivinar; elija otra."),
                code="common",
            )
        )
    if errors:
        raise ValidationError(errors)
