import datetime

import pytest

from iess.registry.models import Person


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (datetime.date(2008, 11, 22), datetime.date(2026, 11, 21), 17),
        (datetime.date(2008, 11, 22), datetime.date(2026, 11, 22), 18),
        (datetime.date(2008, 2, 29), datetime.date(2026, 2, 28), 17),
        (datetime.date(2008, 2, 29), datetime.date(2026, 3, 1), 18),
        (datetime.date(2008, 2, 29), datetime.date(2028, 2, 29), 20),
    ],
)
def test_age_on_counts_completed_years(birth, day, age):
    assert Person(birth_date=birth).age_on(day) == age
