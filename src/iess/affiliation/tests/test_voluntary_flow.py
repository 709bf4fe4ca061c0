import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from iess.affiliation import voluntary_services as services
from iess.affiliation.models import (
    Affiliation,
    Retirement,
    VoluntaryAffiliation,
    VoluntaryApplication,
    VoluntaryObligation,
)
from iess.affiliation.tests.conftest import code_from
from iess.core.errors import ServiceError
from iess.notifications.models import EmailVerification
from iess.registry.demo import cedula_from
from iess.registry.models import Employer

pytestmark = pytest.mark.django_db


def refused(expected, call, **kwargs):
    with pytest.raises(ServiceError) as error:
        call(**kwargs)
    assert error.value.code == expected, error.value.message
    return error.value


def start_and_confirm(*, person):
    application = services.voluntary_application_start(identity=person.cedula)
    return services.voluntary_application_confirm_birth_date(
        application_id=application.pk, birth_date=person.birth_date
    )


def test_resident_abroad_registers_with_first_obligation(carlos, complete_application, outbox):
    application = complete_application(carlos, email="carlos@example.ec", spouse_cover=True)
    voluntary = services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="k1"
    )
    affiliation = voluntary.affiliation
    assert affiliation.kind == Affiliation.Kind.VOLUNTARY
    assert affiliation.status == Affiliation.Status.ACTIVE
    assert affiliation.start_date == services.today()
    assert voluntary.declared_base == Decimal("482.00")
    assert voluntary.spouse_cover is True
    assert (voluntary.resident_in_ecuador, voluntary.residence_country) == (False, "ESP")
    assert voluntary.address_abroad == "Calle Mayor 1, Madrid"
    assert voluntary.religion == "undisclosed"
    assert voluntary.terms_accepted_at is not None
    obligation = VoluntaryObligation.objects.get(voluntary=voluntary)
    assert obligation.month == services.month_start(services.today())
    assert obligation.due_date == services.due_date_for(obligation.month)
    assert obligation.due_date.day == 15
    assert obligation.total == Decimal("101.27")
    assert (voluntary.email, voluntary.mobile) == ("carlos@example.ec", "+593991112233")


def test_terms_must_be_accepted(carlos, complete_application):
    application = complete_application(carlos)
    refused(
        "terms_not_accepted",
        services.voluntary_affiliation_register,
        application_id=application.pk,
        accept_terms=False,
        idempotency_key="k",
    )
    assert not Affiliation.objects.filter(person=carlos).exists()


def test_unknown_cedula_refused(demo_persons):
    error = refused(
        "not_in_civil_registry",
        services.voluntary_application_start,
        identity=cedula_from("010000000"),
    )
    assert error.field == "identity"


def test_malformed_cedula_refused(demo_persons):
    refused("invalid_identity", services.voluntary_application_start, identity="1234567890")


def test_under_18_refused(person):
    sofia = person("sofia")
    application = services.voluntary_application_start(identity=sofia.cedula)
    error = refused(
        "under_age",
        services.voluntary_application_confirm_birth_date,
        application_id=application.pk,
        birth_date=sofia.birth_date,
    )
    assert "18" in str(error.message)


def test_birth_date_must_match_registry(carlos):
    application = services.voluntary_application_start(identity=carlos.cedula)
    refused(
        "birth_date_mismatch",
        services.voluntary_application_confirm_birth_date,
        application_id=application.pk,
        birth_date=carlos.birth_date + datetime.timedelta(days=1),
    )
    refused(
        "step_missing",
        services.voluntary_application_set_base,
        application_id=application.pk,
        declared_base=Decimal("500"),
        spouse_cover=False,
    )


def test_employee_affiliation_refused(person):
    jose = person("jose")
    Affiliation.objects.filter(person=jose).delete()
    Affiliation.objects.create(
        person=jose,
        kind=Affiliation.Kind.EMPLOYEE,
        employer=Employer.objects.first(),
        start_date=datetime.date(2020, 1, 1),
    )
    error = refused("already_affiliated", start_and_confirm, person=jose)
    assert "Relación de dependencia" in str(error.message)


def test_already_voluntary_refused(carlos, complete_application):
    application = complete_application(carlos)
    services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="k"
    )
    refused("already_voluntary", start_and_confirm, person=carlos)


def test_retired_refused(person):
    rosa = person("rosa")
    Retirement.objects.get_or_create(person=rosa, defaults={"since": datetime.date(2015, 1, 1)})
    refused("retired", start_and_confirm, person=rosa)


def test_base_below_sbu_refused_in_the_flow(carlos):
    application = services.voluntary_application_start(identity=carlos.cedula)
    services.voluntary_application_confirm_birth_date(
        application_id=application.pk, birth_date=carlos.birth_date
    )
    error = refused(
        "base_below_sbu",
        services.voluntary_application_set_base,
        application_id=application.pk,
        declared_base=Decimal("400"),
        spouse_cover=False,
    )
    assert "482.00" in str(error.message)


def test_foreigner_without_cedula_abroad_refused(
    person, outbox, django_capture_on_commit_callbacks
):
    john = person("john")
    application = services.voluntary_application_start(identity=john.foreigner_code)
    services.voluntary_application_confirm_birth_date(
        application_id=application.pk, birth_date=john.birth_date
    )
    services.voluntary_application_set_base(
        application_id=application.pk, declared_base=Decimal("482"), spouse_cover=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.voluntary_application_set_contact(
            application_id=application.pk, mobile="0997778899", email="john@example.com"
        )
    services.voluntary_application_verify_email(
        application_id=application.pk, code=code_from(outbox, "john@example.com")
    )
    error = refused(
        "foreigner_abroad_without_cedula",
        services.voluntary_application_set_residence,
        application_id=application.pk,
        resident_in_ecuador=False,
        residence_country="USA",
        address_abroad="1 Main St, Miami",
        religion="none",
        home_address="Miami",
    )
    assert "extranjeras sin cédula" in str(error.message)
    # Living in Ecuador the same person may go on.
    services.voluntary_application_set_residence(
        application_id=application.pk,
        resident_in_ecuador=True,
        religion="none",
        home_address="Av. 9 de Octubre 100, Guayaquil",
    )


def test_passport_only_cannot_start(person):
    valentina = person("valentina")
    refused(
        "identity_required",
        services.voluntary_application_start,
        identity=valentina.passport_number,
    )


def test_foreigner_with_cedula_may_live_abroad(person, complete_application):
    camila = person("camila")
    application = complete_application(camila, email="camila@example.com", country="COL")
    voluntary = services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="c"
    )
    assert voluntary.residence_country == "COL"


def test_email_code_is_the_shared_verification(carlos, outbox, django_capture_on_commit_callbacks):
    application = services.voluntary_application_start(identity=carlos.cedula)
    services.voluntary_application_confirm_birth_date(
        application_id=application.pk, birth_date=carlos.birth_date
    )
    services.voluntary_application_set_base(
        application_id=application.pk, declared_base=Decimal("482"), spouse_cover=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.voluntary_application_set_contact(
            application_id=application.pk, mobile="0991112233", email="c@example.ec"
        )
    application.refresh_from_db()
    verification = EmailVerification.objects.get(pk=application.email_verification_id)
    assert verification.purpose == services.EMAIL_PURPOSE
    assert len(verification.code_hash) == 64
    right = code_from(outbox, "c@example.ec")
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    refused(
        "wrong_code",
        services.voluntary_application_verify_email,
        application_id=application.pk,
        code=wrong,
    )
    verification.refresh_from_db()
    assert verification.attempts == 1
    refused(
        "resend_throttled",
        services.voluntary_application_resend_code,
        application_id=application.pk,
    )
    refused(
        "step_missing",
        services.voluntary_application_set_residence,
        application_id=application.pk,
        resident_in_ecuador=True,
        religion="none",
        home_address="x",
    )


def test_residence_abroad_needs_country_and_address(carlos, complete_application):
    application = complete_application(carlos)
    refused(
        "invalid_country",
        services.voluntary_application_set_residence,
        application_id=application.pk,
        resident_in_ecuador=False,
        residence_country="XXX",
        address_abroad="a",
        religion="none",
        home_address="b",
    )
    refused(
        "address_abroad_required",
        services.voluntary_application_set_residence,
        application_id=application.pk,
        resident_in_ecuador=False,
        residence_country="ESP",
        address_abroad=" ",
        religion="none",
        home_address="b",
    )


def test_same_application_twice_registers_once(carlos, complete_application):
    application = complete_application(carlos)
    first = services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="first"
    )
    again = services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="second"
    )
    same_key = services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="first"
    )
    assert first.pk == again.pk == same_key.pk
    assert Affiliation.objects.filter(person=carlos).count() == 1


def test_constraint_race_answers_with_existing_affiliation(
    carlos, complete_application, monkeypatch
):
    """Two applications of one person racing: the loser hits the one-active-voluntary
    constraint and gets the winner's affiliation."""
    first_application = complete_application(carlos)
    second_application = complete_application(carlos, email="otro@example.ec")
    first = services.voluntary_affiliation_register(
        application_id=first_application.pk, accept_terms=True, idempotency_key="a"
    )
    # Simulate the race: the loser does not see the winner before inserting.
    monkeypatch.setattr(services, "voluntary_affiliation_active_get", lambda person_id: None)
    monkeypatch.setattr(services, "_refuse_if_ineligible", lambda person, on: None)
    with pytest.raises(IntegrityError):
        services._register(second_application.pk, "b")
    monkeypatch.undo()
    second = services.voluntary_affiliation_register(
        application_id=second_application.pk, accept_terms=True, idempotency_key="b"
    )
    assert second.pk == first.pk
    assert VoluntaryAffiliation.objects.filter(person=carlos).count() == 1


def test_expired_application_is_gone(carlos):
    application = services.voluntary_application_start(identity=carlos.cedula)
    VoluntaryApplication.objects.filter(pk=application.pk).update(
        created_at=application.created_at - datetime.timedelta(hours=3)
    )
    refused(
        "not_found",
        services.voluntary_application_confirm_birth_date,
        application_id=application.pk,
        birth_date=carlos.birth_date,
    )
