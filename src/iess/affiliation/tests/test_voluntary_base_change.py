import datetime
from decimal import Decimal

import pytest

from iess.affiliation import voluntary_services as services
from iess.affiliation.models import VoluntaryBaseChange, VoluntaryObligation
from iess.core.errors import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def voluntary(carlos, complete_application, monkeypatch):
    monkeypatch.setattr(services, "today", lambda: datetime.date(2026, 3, 10))
    application = complete_application(carlos)
    return services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="b"
    )


def test_first_obligation(voluntary):
    [obligation] = VoluntaryObligation.objects.filter(voluntary=voluntary)
    assert obligation.month == datetime.date(2026, 3, 1)
    assert obligation.due_date == datetime.date(2026, 4, 15)
    assert obligation.total == Decimal("84.83")


def test_base_change_applies_from_next_month(voluntary, carlos):
    change = services.voluntary_base_change(person=carlos, declared_base=Decimal("1000"))
    assert change.effective_from == datetime.date(2026, 4, 1)
    # A second change in the same month replaces the first.
    services.voluntary_base_change(person=carlos, declared_base=Decimal("600"))
    assert VoluntaryBaseChange.objects.filter(voluntary=voluntary).count() == 1
    services.voluntary_obligations_generate(voluntary=voluntary, through=datetime.date(2026, 5, 20))
    obligations = {o.month: o for o in VoluntaryObligation.objects.filter(voluntary=voluntary)}
    assert obligations[datetime.date(2026, 3, 1)].declared_base == Decimal("482.00")
    assert obligations[datetime.date(2026, 4, 1)].declared_base == Decimal("600.00")
    assert obligations[datetime.date(2026, 4, 1)].total == Decimal("105.60")
    assert obligations[datetime.date(2026, 5, 1)].due_date == datetime.date(2026, 6, 15)
    # Idempotent.
    assert (
        services.voluntary_obligations_generate(
            voluntary=voluntary, through=datetime.date(2026, 5, 20)
        )
        == []
    )


def test_base_change_below_sbu_refused(voluntary, carlos):
    with pytest.raises(ServiceError) as error:
        services.voluntary_base_change(person=carlos, declared_base=Decimal("300"))
    assert error.value.code == "base_below_sbu"


def test_base_change_needs_voluntary_affiliation(person):
    with pytest.raises(ServiceError) as error:
        services.voluntary_base_change(person=person("ana"), declared_base=Decimal("600"))
    assert error.value.code == "not_voluntary"
