import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from iess.affiliation.models import SalarioBasico, VoluntaryRate
from iess.affiliation.voluntary_services import (
    due_date_for,
    money,
    voluntary_contribution_calculate,
)
from iess.core.errors import ServiceError

D = Decimal


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("month", "base", "spouse", "contribution", "spouse_amount", "total"),
    [
        # At the SBU of each year (the migration's reference data).
        ("2024-05-01", "460.00", False, "80.96", "0.00", "80.96"),
        ("2025-05-01", "470.00", False, "82.72", "0.00", "82.72"),
        ("2026-05-01", "482.00", False, "84.83", "0.00", "84.83"),
        # With the spouse/partner health extension (3.41 %).
        ("2026-05-01", "482.00", True, "84.83", "16.44", "101.27"),
        ("2026-05-01", "1000.00", True, "176.00", "34.10", "210.10"),
        # 650 × 3.41 % = 22.165: half a cent goes up (banker's rounding would give 22.16).
        ("2026-05-01", "650.00", True, "114.40", "22.17", "136.57"),
        # A base below this year's SBU but above last year's is fine in last year.
        ("2025-12-01", "475.00", False, "83.60", "0.00", "83.60"),
    ],
)
def test_monthly_contribution(month, base, spouse, contribution, spouse_amount, total):
    quote = voluntary_contribution_calculate(
        declared_base=D(base), spouse_cover=spouse, month=datetime.date.fromisoformat(month)
    )
    assert quote.contribution_amount == D(contribution)
    assert quote.spouse_amount == D(spouse_amount)
    assert quote.total == D(total)
    assert quote.due_date == due_date_for(quote.month)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("month", "base", "sbu"),
    [
        ("2026-01-01", "481.99", "482.00"),
        ("2025-06-01", "469.00", "470.00"),
        ("2026-03-01", "0.01", "482.00"),
    ],
)
def test_base_below_sbu_is_refused(month, base, sbu):
    with pytest.raises(ServiceError) as error:
        voluntary_contribution_calculate(
            declared_base=D(base), spouse_cover=False, month=datetime.date.fromisoformat(month)
        )
    assert error.value.code == "base_below_sbu"
    assert error.value.field == "declared_base"
    assert sbu in str(error.value.message)


@pytest.mark.django_db
def test_rate_change_mid_year_applies_by_date():
    VoluntaryRate.objects.all().delete()
    VoluntaryRate.objects.create(
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2026, 6, 30),
        contribution_rate=D("0.1760"),
        spouse_health_rate=D("0.0341"),
    )
    VoluntaryRate.objects.create(
        valid_from=datetime.date(2026, 7, 1),
        contribution_rate=D("0.2000"),
        spouse_health_rate=D("0.0400"),
    )
    june = voluntary_contribution_calculate(
        declared_base=D("500"), spouse_cover=True, month=datetime.date(2026, 6, 1)
    )
    july = voluntary_contribution_calculate(
        declared_base=D("500"), spouse_cover=True, month=datetime.date(2026, 7, 1)
    )
    assert (june.contribution_amount, june.spouse_amount) == (D("88.00"), D("17.05"))
    assert (july.contribution_amount, july.spouse_amount) == (D("100.00"), D("20.00"))


@pytest.mark.django_db
def test_missing_rates_are_a_clear_error_not_a_crash():
    with pytest.raises(ServiceError) as error:
        voluntary_contribution_calculate(
            declared_base=D("500"), spouse_cover=False, month=datetime.date(2019, 1, 1)
        )
    assert error.value.code == "rates_missing"


@pytest.mark.django_db
def test_more_than_two_decimals_refused():
    with pytest.raises(ServiceError) as error:
        voluntary_contribution_calculate(
            declared_base=D("500.001"), spouse_cover=False, month=datetime.date(2026, 1, 1)
        )
    assert error.value.code == "base_precision"


def test_money_rounds_half_up():
    assert money(D("0.005")) == D("0.01")
    assert money(D("84.832")) == D("84.83")
    assert money(D("22.165")) == D("22.17")


def test_due_date_is_15th_of_following_month():
    assert due_date_for(datetime.date(2026, 11, 1)) == datetime.date(2026, 12, 15)
    assert due_date_for(datetime.date(2026, 12, 1)) == datetime.date(2027, 1, 15)


@pytest.mark.django_db
def test_overlapping_periods_refused_by_clean():
    rate = VoluntaryRate(
        valid_from=datetime.date(2025, 6, 1),
        contribution_rate=D("0.2"),
        spouse_health_rate=D("0.03"),
    )
    with pytest.raises(ValidationError):
        rate.full_clean()
    sbu = SalarioBasico(
        valid_from=datetime.date(2027, 1, 1), valid_to=datetime.date(2027, 12, 31), amount=D("500")
    )
    with pytest.raises(ValidationError):
        sbu.full_clean()  # 2026's SBU is open-ended
    SalarioBasico.objects.filter(valid_from=datetime.date(2026, 1, 1)).update(
        valid_to=datetime.date(2026, 12, 31)
    )
    sbu.full_clean()
    sbu.save()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [VoluntaryRate, SalarioBasico])
def test_overlapping_periods_refused_by_the_database(model):
    values = (
        {"contribution_rate": D("0.2"), "spouse_health_rate": D("0.03")}
        if model is VoluntaryRate
        else {"amount": D("500")}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(valid_from=datetime.date(2025, 3, 1), **values)
    last = model.objects.order_by("valid_from").last()
    model.objects.filter(pk=last.pk).update(valid_to=datetime.date(2029, 12, 31))
    model.objects.create(valid_from=datetime.date(2030, 1, 1), **values)  # adjacent: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=last.pk).update(valid_to=datetime.date(2030, 1, 1))
