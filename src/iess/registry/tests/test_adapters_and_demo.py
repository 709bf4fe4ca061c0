import pytest
from django.db import IntegrityError, transaction

from iess.registry import demo
from iess.registry.adapters import civil_registry, tax_registry
from iess.registry.models import Employer, Person, Province
from iess.registry.selectors import person_get_by_identity

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    demo.load()


def test_there_are_24_provinces():
    assert Province.objects.count() == 24
    assert Province.objects.get(code="17").name == "Pichincha"


def test_demo_load_is_deterministic_and_idempotent(loaded):
    first = sorted(
        Person.objects.values_list("cedula", "passport_number", "foreigner_code"), key=str
    )
    demo.load()
    assert (
        sorted(Person.objects.values_list("cedula", "passport_number", "foreigner_code"), key=str)
        == first
    )
    assert Person.objects.count() == len(demo.PERSONS)
    assert Employer.objects.count() == len(demo.EMPLOYERS)
    for person in Person.objects.all():
        person.full_clean()
    for employer in Employer.objects.all():
        employer.full_clean()


def test_civil_registry_adapter_reads_local_tables(loaded):
    maria = demo.demo_person("maria")
    record = civil_registry().lookup(maria.cedula)
    assert record.full_name == "María Fernanda Andrade López"
    assert record.birth_date == maria.birth_date
    assert civil_registry().lookup("0926687856") is None


def test_tax_registry_adapter_gives_holder_and_identity(loaded):
    employer = Employer.objects.get(legal_name="Comercial Andina S.A.")
    record = tax_registry().lookup(employer.ruc)
    assert record.holder_name == "Comercial Andina S.A."
    assert record.identity_document == demo.demo_person("maria").cedula
    assert tax_registry().lookup("1790000000001") is None


def test_person_lookup_by_cedula_or_foreigner_code(loaded):
    john = demo.demo_person("john")
    assert person_get_by_identity(john.foreigner_code) == john
    assert person_get_by_identity(demo.demo_person("ana").cedula).first_names == "Ana Lucía"


def test_a_person_needs_a_cedula_or_a_passport():
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(first_names="Sin", last_names="Documento", birth_date="1990-01-01")


def test_the_same_passport_of_the_same_country_is_one_person():
    Person.objects.create(
        first_names="A",
        last_names="B",
        birth_date="1990-01-01",
        nationality="PER",
        passport_number="P1",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            first_names="C",
            last_names="D",
            birth_date="1991-01-01",
            nationality="PER",
            passport_number="P1",
        )
