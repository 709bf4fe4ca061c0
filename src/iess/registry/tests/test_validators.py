import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.ec import ci

from iess.registry.validators import (
    cedula_validate,
    country_choices,
    country_name,
    country_validate,
    foreigner_code_make,
    foreigner_code_validate,
    identity_number_parse,
    mobile_validate,
    ruc_validate,
)


def _error(function, value) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        function(value)
    return caught.value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1714307103", "1714307103"),
        (" 171430710-3 ", "1714307103"),
        ("0926687856", "0926687856"),
    ],
)
def test_valid_cedulas_are_returned_compact(value, expected):
    assert cedula_validate(value) == expected


@pytest.mark.parametrize(
    ("value", "code", "phrase"),
    [
        ("", "required", "Ingrese"),
        ("171430710", "length", "10 dígitos; ingresó 9"),
        ("17143071034", "length", "ingresó 11"),
        ("17143071A3", "format", "solo puede contener dígitos"),
        ("2714307103", "province", "(27) no corresponden a ninguna provincia"),
        ("0014307103", "province", "(00)"),
        ("1774307103", "third_digit", "tercer dígito"),
        ("1714307104", "checksum", "dígito verificador"),
    ],
)
def test_wrong_cedulas_say_what_is_wrong(value, code, phrase):
    error = _error(cedula_validate, value)
    assert error.code == code
    assert phrase in str(error.messages[0] % error.params if error.params else error.messages[0])


@pytest.mark.parametrize("value", ["1714307103001", "1792060346001", "1760001550001"])
def test_valid_rucs(value):
    assert ruc_validate(value) == value


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("17143071030", "length"),
        ("171430710300A", "format"),
        ("2590000000001", "province"),
        ("0990000000001", "checksum"),
        ("", "required"),
    ],
)
def test_wrong_rucs_say_what_is_wrong(value, code):
    assert _error(ruc_validate, value).code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0991234567", "+593991234567"),
        ("099 123 4567", "+593991234567"),
        ("+593991234567", "+593991234567"),
        ("+593 99 123 4567", "+593991234567"),
    ],
)
def test_ecuadorian_mobiles_are_returned_in_e164(value, expected):
    assert mobile_validate(value) == expected


@pytest.mark.parametrize(
    "value", ["022345678", "+12025550123", "09912345", "abc", "0991234567890", "+5939912345678"]
)
def test_non_mobiles_are_refused(value):
    assert _error(mobile_validate, value).code in {"format", "invalid"}


def test_foreigner_codes_round_trip_and_check_digit():
    code = foreigner_code_make(1234)
    assert code.startswith("EX") and len(code) == 10
    assert foreigner_code_validate(code.lower()) == code
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert _error(foreigner_code_validate, wrong).code == "checksum"
    assert _error(foreigner_code_validate, "EX123").code == "length"
    assert _error(foreigner_code_validate, "XX12345678").code == "format"


def test_identity_number_parse_tells_cedula_from_foreigner_code():
    assert identity_number_parse("1714307103").kind == "cedula"
    parsed = identity_number_parse(foreigner_code_make(7))
    assert parsed.kind == "foreigner_code"


def test_country_validate_uses_the_maintained_list():
    assert country_validate("ven") == "VEN"
    assert _error(country_validate, "XYZ").code == "country"


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("es", {"VEN": "Venezuela", "DEU": "Alemania", "SYR": "Siria", "PER": "Perú"}),
        ("en", {"VEN": "Venezuela", "DEU": "Germany", "SYR": "Syria", "PER": "Peru"}),
    ],
)
def test_countries_are_named_in_the_active_language_by_their_common_name(language, names):
    from django.utils import translation

    with translation.override(language):
        choices = dict(country_choices())
        for code, name in names.items():
            assert choices[code] == name
            assert country_name(code) == name
    assert country_name("XYZ") == "XYZ"


def test_country_choices_sort_ignoring_accents():
    from django.utils import translation

    with translation.override("es"):
        names = [name for _code, name in country_choices()]
    # A code-point sort would put "Belice" before "Bélgica" and "Antigua…" before "Antártida".
    assert names.index("Bélgica") < names.index("Belice")
    assert names.index("Antártida") < names.index("Antigua y Barbuda")


provinces = st.sampled_from([f"{n:02d}" for n in range(1, 25)] + ["30", "50"])
third_digits = st.sampled_from("0123456")
bodies = st.text(alphabet="0123456789", min_size=6, max_size=6)


@st.composite
def valid_cedulas(draw):
    prefix = draw(provinces) + draw(third_digits) + draw(bodies)
    # The check digit is whichever one python-stdnum accepts; exactly one does.
    candidates = [prefix + digit for digit in "0123456789" if ci.is_valid(prefix + digit)]
    assert len(candidates) == 1
    return candidates[0]


@given(valid_cedulas())
def test_every_generated_valid_cedula_passes(cedula):
    assert cedula_validate(cedula) == cedula


@given(
    valid_cedulas(), st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9)
)
def test_every_single_digit_change_fails(cedula, position, delta):
    digit = (int(cedula[position]) + delta) % 10
    changed = cedula[:position] + str(digit) + cedula[position + 1 :]
    with pytest.raises(ValidationError):
        cedula_validate(changed)
