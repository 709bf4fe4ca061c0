"""A foreigner without a passport is registered by visa and nationality (sheet 01's
alternative requirement), and the registry says so instead of copying the visa into the
passport."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from iess.core.errors import ServiceError
from iess.core.testing import failures, run_together
from iess.registry.adapters import tax_registry
from iess.registry.demo import company_ruc_from
from iess.registry.models import Person
from iess.registry.selectors import person_get_by_travel_document
from iess.registry.services import person_foreigner_register, taxpayer_register

BORN = datetime.date(1990, 1, 1)


def person_create(**documents) -> Person:
    return Person.objects.create(
        first_names="Samira", last_names="Haddad", birth_date=BORN, **documents
    )


def register(**documents) -> Person:
    return person_foreigner_register(
        first_names="Samira",
        last_names="Haddad Nasser",
        birth_date=BORN,
        nationality="SYR",
        **documents,
    )


@pytest.mark.django_db
def test_a_visa_only_foreigner_keeps_an_empty_passport():
    person = register(visa_number="vrt-2025 1187")
    person.refresh_from_db()
    assert (person.passport_number, person.visa_number) == ("", "VRT20251187")
    assert person.identity_number == "VRT20251187"
    assert person.identity_label == "SYR visa VRT20251187"
    assert str(person) == "Samira Haddad Nasser (SYR visa VRT20251187)"


@pytest.mark.django_db
def test_registering_again_with_the_same_visa_finds_the_same_person():
    person = register(visa_number="VRT-2025-1187")
    assert register(visa_number="vrt 2025 1187") == person
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_a_passport_shown_later_is_recorded_on_the_visa_only_person():
    person = register(visa_number="VRT-2025-1187")
    again = register(passport_number="n 0123456", visa_number="VRT-2025-1187")
    again.refresh_from_db()
    assert again == person and again.passport_number == "N0123456"
    assert again.identity_label == "SYR N0123456"
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_person_without_any_document():
    with pytest.raises(IntegrityError), transaction.atomic():
        person_create(nationality="SYR")
    assert person_create(nationality="SYR", visa_number="V1").pk
    assert person_create(nationality="SYR", passport_number="P1").pk
    assert person_create(cedula="1714307103").pk


@pytest.mark.django_db
def test_a_visa_names_one_person_among_those_without_passport():
    person_create(nationality="SYR", visa_number="V1")
    with pytest.raises(IntegrityError), transaction.atomic():
        person_create(nationality="SYR", visa_number="V1")
    # Another country's visa of that number, or a person with a passport, is someone else.
    assert person_create(nationality="LBN", visa_number="V1").pk
    assert person_create(nationality="SYR", passport_number="P1", visa_number="V1").pk


@pytest.mark.django_db
def test_the_lookup_never_compares_a_passport_with_a_visa():
    visa_only = person_create(nationality="SYR", visa_number="X1")
    with_passport = person_create(nationality="SYR", passport_number="P1", visa_number="V2")

    def lookup(passport="", visa=""):
        return person_get_by_travel_document(
            nationality="SYR", passport_number=passport, visa_number=visa
        )

    assert lookup(passport="X1") is None
    assert lookup(visa="P1") is None
    assert lookup(visa="x-1") == visa_only
    assert lookup(passport="p 1", visa="other") == with_passport
    assert lookup(visa="V2") == with_passport
    # A new passport meets only a person known by the visa alone, not another passport holder.
    assert lookup(passport="P9", visa="X1") == visa_only
    assert lookup(passport="P9", visa="V2") is None
    assert lookup() is None
    assert person_get_by_travel_document(nationality="LBN", visa_number="X1") is None


@pytest.mark.django_db
def test_a_visa_shared_by_several_passport_holders_names_nobody():
    first = person_create(nationality="SYR", passport_number="P1", visa_number="V7")
    assert person_get_by_travel_document(nationality="SYR", visa_number="V7") == first
    person_create(nationality="SYR", passport_number="P2", visa_number="V7")
    assert person_get_by_travel_document(nationality="SYR", visa_number="V7") is None


@pytest.mark.django_db
@pytest.mark.parametrize("passport", ["", "N0123456"])
def test_a_visa_registered_to_someone_else_is_refused_not_merged(passport):
    samira = register(visa_number="VRT-2025-1187")
    with pytest.raises(ServiceError) as caught:
        person_foreigner_register(
            first_names="Omar",
            last_names="Haddad Nasser",
            birth_date=BORN,
            nationality="SYR",
            passport_number=passport,
            visa_number="VRT-2025-1187",
        )
    assert caught.value.code == "visa_other_person" and caught.value.field == "visa_number"
    samira.refresh_from_db()
    assert samira.passport_number == "" and Person.objects.count() == 1
    # The same person typed with other accents and spacing is still found.
    again = person_foreigner_register(
        first_names=" samira ",
        last_names="HADDAD  NASSER",
        birth_date=BORN,
        nationality="SYR",
        passport_number=passport,
        visa_number="VRT-2025-1187",
    )
    assert again == samira


@pytest.mark.django_db
def test_the_visa_only_taxpayer_is_known_to_the_sri_by_the_visa():
    holder = register(visa_number="VRT-2025-1187")
    ruc = company_ruc_from("179300003")
    taxpayer_register(ruc=ruc, holder=holder)
    record = tax_registry().lookup(ruc)
    assert (record.holder_passport, record.holder_visa) == ("", "VRT20251187")
    assert record.identity_document == "VRT20251187"


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_only_visa_copies_out_of_the_passport():
    before = [("registry", "0003_employer_registration")]
    after = [("registry", "0004_person_identity_by_visa")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old_person = executor.loader.project_state(before).apps.get_model("registry", "Person")

        def old(**documents):
            return old_person.objects.create(
                first_names="A", last_names="B", birth_date=BORN, **documents
            ).pk

        copied = old(nationality="SYR", passport_number="VH1", visa_number="VH1")
        passport = old(nationality="ITA", passport_number="YA1", visa_number="VRT1")
        no_visa = old(nationality="PER", passport_number="P1")
        cedula = old(cedula="1714307103", nationality="COL", passport_number="C1", visa_number="C1")
        # Someone is already known by visa V9 alone: the copy of V9 stays, or the new unique
        # constraint would fail.
        old(cedula="0926687856", nationality="VEN", visa_number="V9")
        clash = old(nationality="VEN", passport_number="V9", visa_number="V9")

        executor = MigrationExecutor(connection)
        executor.migrate(after)

        def documents(pk):
            return Person.objects.values_list("passport_number", "visa_number").get(pk=pk)

        assert documents(copied) == ("", "VH1")
        assert documents(passport) == ("YA1", "VRT1")
        assert documents(no_visa) == ("P1", "")
        assert documents(cedula) == ("C1", "C1")
        assert documents(clash) == ("V9", "V9")

        executor = MigrationExecutor(connection)
        executor.migrate(before)
        assert old_person.objects.get(pk=copied).passport_number == "VH1"
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_a_field_the_registry_refuses_is_answered_on_that_field():
    with pytest.raises(ServiceError) as caught:
        register(passport_number="P" * 25)
    assert caught.value.field == "passport_number"
    assert Person.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_same_foreigner_registered_at_once_by_two_clerks_is_one_person():
    persons = run_together(*[lambda: register(visa_number="VRT-2025-1187").pk] * 8)
    assert failures(persons) == []
    assert len(set(persons)) == 1 and Person.objects.count() == 1
