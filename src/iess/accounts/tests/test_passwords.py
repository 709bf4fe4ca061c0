import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from iess.accounts.passwords import clave_validate, fold

PERSON = SimpleNamespace(
    identity_number="1714307103",
    first_names="María Fernanda",
    last_names="Andrade López",
    birth_date=datetime.date(1985, 3, 14),
)


def codes(password):
    with pytest.raises(ValidationError) as error:
        clave_validate(password, person=PERSON)
    return {e.code for e in error.value.error_list}


def test_a_good_clave_passes():
    clave_validate("Quito7Volcan", person=PERSON)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab3defg", "too_short"),
        ("Quito 7Volcan", "not_alphanumeric"),
        ("Quito-7Volcan", "not_alphanumeric"),
        ("QuitoVolcan", "not_mixed"),
        ("12345678912", "not_mixed"),
        ("x1714307103", "identity"),
        ("FERNANDA2020", "name"),
        ("lopez98765x", "name"),
        ("casa14031985", "birth_date"),
        ("casa19850314", "birth_date"),
        ("password1", "common"),
    ],
)
def test_each_rule_refuses(password, code):
    assert code in codes(password)


def test_answers_fold_case_accents_and_spaces():
    assert fold("  MÍSHI  Ñandú ") == fold("mishi nandu")
