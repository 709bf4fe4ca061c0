import pytest

from iess.affiliation import selectors
from iess.affiliation.demo import load
from iess.affiliation.models import Affiliation, Contribution

pytestmark = pytest.mark.django_db


def test_demo_is_deterministic_and_idempotent(demo):
    first = Contribution.objects.count()
    load()
    assert Contribution.objects.count() == first
    assert Affiliation.objects.filter(person=demo("maria"), status="active").count() == 1


def test_demo_histories(demo):
    for key in ("carlos", "diego", "valentina", "sofia"):
        assert not selectors.affiliation_list(person_id=demo(key).pk).exists()
    assert selectors.person_is_retired(person_id=demo("rosa").pk)
    assert not selectors.affiliation_active_list(person_id=demo("rosa").pk).exists()
    ana = demo("ana")
    assert selectors.employers_worked_for(person_id=ana.pk).count() == 3
    assert selectors.first_contribution_month(person_id=ana.pk).year == 2001
    years = selectors.contribution_yearly_totals(person_id=ana.pk)
    assert 2017 not in [row["year"] for row in years]  # the gap between jobs
    assert selectors.employers_in_records().count() == 5
