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


def test_demo_foreigners_are_ready_for_both_counter_procedures(demo):
    from iess.accounts import demo as accounts_demo
    from iess.affiliation.demo import foreigner_person
    from iess.affiliation.foreigner_selectors import (
        affiliation_records_of,
        power_review_list,
    )
    from iess.affiliation.models import ForeignerCodeRequest
    from iess.registry.adapters import tax_registry

    load()
    accounts_demo.load()
    valentina = foreigner_person("valentina")
    assert valentina.cedula is None and valentina.foreigner_code is None
    record = tax_registry().lookup("1793000010001")
    assert record.holder_name == valentina.full_name and record.holder_passport == "V12345678"
    samira = foreigner_person("samira")
    assert (samira.passport_number, samira.visa_number) == ("", "VRT20251187")
    record = tax_registry().lookup("1793000037001")
    assert (record.holder_passport, record.holder_visa) == ("", "VRT20251187")
    pending = ForeignerCodeRequest.objects.get()
    assert pending.person == foreigner_person("luis") and pending.status == "awaiting_legal"
    from django.contrib.auth import get_user_model

    juridico = get_user_model().objects.get(username="juridico")
    assert list(power_review_list(user=juridico)) == [pending]
    assert affiliation_records_of(person=foreigner_person("giulia")) == []
    assert affiliation_records_of(person=foreigner_person("pierre"))
