import datetime

import pytest
from django.utils import timezone

from iess.core.errors import ServiceError
from iess.notifications.models import EmailVerification
from iess.registry import demo as registry_demo
from iess.registry.employer_services import EMAIL_PURPOSE, employer_register
from iess.registry.models import Employer, EmployerRegistration, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    registry_demo.load()
    return registry_demo.demo_person


def verified(email, *, purpose=EMAIL_PURPOSE, minutes_ago=1):
    now = timezone.now()
    return EmailVerification.objects.create(
        purpose=purpose,
        email=email,
        code_hash="x",
        sent_at=now - datetime.timedelta(minutes=minutes_ago + 1),
        expires_at=now + datetime.timedelta(minutes=9),
        verified_at=now - datetime.timedelta(minutes=minutes_ago),
    ).pk


def andina(demo, **changes):
    values = {
        "ruc": "1792060346001",
        "legal_name": "Comercial Andina S.A.",
        "sector": "private",
        "representative_document": "cedula",
        "representative_number": demo("maria").cedula,
        "email": "rrhh@andina.example.ec",
    }
    values.update(changes)
    if "email_verification_id" not in values:
        values["email_verification_id"] = verified(values["email"])
    return values


def refused(values, code):
    with pytest.raises(ServiceError) as error:
        employer_register(**values)
    assert error.value.code == code, error.value.message
    return error.value


def test_known_employer_is_completed_with_representative_and_verified_email(demo):
    registration = employer_register(**andina(demo))
    employer = registration.employer
    assert employer.email == "rrhh@andina.example.ec"
    assert employer.legal_representative == demo("maria")
    assert registration.representative_document == "cedula"
    assert Employer.objects.filter(ruc="1792060346001").count() == 1


def test_same_submission_twice_registers_once(demo):
    values = andina(demo)
    first = employer_register(**values)
    again = employer_register(**values)
    assert again.pk == first.pk
    assert EmployerRegistration.objects.count() == 1


def test_ruc_registers_once(demo):
    employer_register(**andina(demo))
    error = refused(andina(demo, email="otro@andina.example.ec"), "ruc_registered")
    assert error.field == "ruc"


def test_email_must_be_verified_for_this_purpose_recently_and_match(demo):
    refused(andina(demo, email_verification_id=verified("x@y.ec")), "email_not_verified")
    refused(
        andina(demo, email_verification_id=verified("rrhh@andina.example.ec", purpose="turno")),
        "email_not_verified",
    )
    refused(
        andina(demo, email_verification_id=verified("rrhh@andina.example.ec", minutes_ago=90)),
        "email_not_verified",
    )


def test_invalid_ruc_is_refused_with_its_reason(demo):
    error = refused(andina(demo, ruc="1792060347001"), "ruc_invalid")
    assert error.field == "ruc"
    assert "RUC" in error.message


def test_tax_registry_legal_name_and_representative_must_match(demo):
    refused(andina(demo, legal_name="Otra Empresa S.A."), "legal_name_mismatch")
    refused(andina(demo, representative_number=demo("jose").cedula), "representative_mismatch")


def test_legal_name_comparison_ignores_case_accents_and_punctuation(demo):
    registration = employer_register(**andina(demo, legal_name="COMERCIAL ANDINA SA"))
    assert registration.employer.legal_name == "COMERCIAL ANDINA SA"


def test_unknown_cedula_is_refused(demo):
    refused(andina(demo, representative_number="1710034065"), "representative_unknown")


def test_public_sector_needs_public_ruc_and_public_ruc_needs_public_sector(demo):
    refused(andina(demo, sector="public"), "sector_public_ruc")
    values = andina(
        demo,
        ruc=registry_demo.PUBLIC_RUC,
        legal_name="Gobierno Autónomo Descentralizado Demo",
        sector="private",
    )
    refused(values, "sector_not_public")
    values["sector"] = "public"
    assert employer_register(**values).employer.sector == "public"


def test_new_domestic_employer_is_created_with_natural_person_ruc(demo):
    carlos = demo("carlos")
    values = andina(
        demo,
        ruc=carlos.cedula + "001",
        legal_name=carlos.full_name,
        sector="domestic",
        representative_number=carlos.cedula,
        email="carlos@example.ec",
    )
    registration = employer_register(**values)
    assert registration.employer.sector == "domestic"
    assert registration.employer.province_id == carlos.province_id


def test_natural_person_ruc_must_be_held_by_the_representative(demo):
    carlos = demo("carlos")
    values = andina(
        demo,
        ruc=carlos.cedula + "001",
        legal_name=carlos.full_name,
        sector="domestic",
        representative_number=demo("jose").cedula,
    )
    refused(values, "natural_person_holder")


def test_domestic_work_refuses_company_ruc(demo):
    values = andina(
        demo,
        ruc=registry_demo.company_ruc_from("179222222"),
        legal_name="Casa Demo",
        sector="domestic",
    )
    refused(values, "sector_natural_person")


def artisan(demo, **changes):
    pedro = demo("pedro")
    values = {
        "ruc": pedro.cedula + "001",
        "legal_name": "Taller Artesanal Ramírez",
        "sector": "artisan",
        "representative_number": pedro.cedula,
        "artisan_qualification_number": "JNDA-2025-1234",
        "artisan_qualification_date": timezone.localdate() - datetime.timedelta(days=200),
        "email": "taller@example.ec",
    }
    values.update(changes)
    return andina(demo, **values)


def test_qualified_artisan_records_the_qualification(demo):
    registration = employer_register(**artisan(demo))
    assert registration.artisan_qualification_number == "JNDA-2025-1234"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"artisan_qualification_number": ""}, "artisan_number_required"),
        ({"artisan_qualification_number": "a b c ! x"}, "artisan_number_invalid"),
        ({"artisan_qualification_date": None}, "artisan_date_required"),
        (
            {"artisan_qualification_date": datetime.date.today() + datetime.timedelta(days=5)},
            "artisan_date_future",
        ),
        ({"artisan_qualification_date": datetime.date(2015, 1, 1)}, "artisan_date_expired"),
    ],
)
def test_artisan_qualification_rules(demo, changes, code):
    error = refused(artisan(demo, **changes), code)
    assert error.field.startswith("artisan_qualification")


def test_qualification_is_dropped_for_other_sectors(demo):
    registration = employer_register(
        **andina(demo, artisan_qualification_number="X-1", artisan_qualification_date=None)
    )
    assert registration.artisan_qualification_number == ""


def test_foreign_representative_by_foreigner_code(demo):
    john = demo("john")
    company = registry_demo.company_ruc_from("179222222")
    registration = employer_register(
        **andina(
            demo,
            ruc=company,
            legal_name="Importadora Demo S.A.",
            representative_document="foreigner_code",
            representative_number=john.foreigner_code,
        )
    )
    assert registration.representative == john


def test_foreign_representative_by_passport_and_visa(demo):
    valentina = demo("valentina")
    registration = employer_register(
        **andina(
            demo,
            ruc=registry_demo.company_ruc_from("179222222"),
            legal_name="Importadora Demo S.A.",
            representative_document="passport",
            representative_number=valentina.passport_number.lower(),
            representative_nationality=valentina.nationality,
            visa_number="v-12345",
        )
    )
    assert registration.representative == valentina
    assert registration.visa_number == "V-12345"


@pytest.mark.parametrize(
    ("document", "number", "nationality", "code"),
    [
        ("passport", "ZZ999999", "VEN", "representative_unknown"),
        ("passport", "AB", "VEN", "passport_invalid"),
        ("passport", "ZZ999999", "", "nationality_required"),
        ("passport", "ZZ999999", "ECU", "passport_ecuadorian"),
        ("foreigner_code", "EX00000001", "", "representative_number_invalid"),
        ("foreigner_code", "EX99999997", "", "representative_unknown"),
        ("cedula", "123", "", "representative_number_invalid"),
        ("", "123", "", "representative_document"),
    ],
)
def test_representative_document_refusals(demo, document, number, nationality, code):
    refused(
        andina(
            demo,
            ruc=registry_demo.company_ruc_from("179222222"),
            legal_name="Importadora Demo S.A.",
            representative_document=document,
            representative_number=number,
            representative_nationality=nationality,
        ),
        code,
    )


def test_unknown_sector_and_empty_legal_name(demo):
    refused(andina(demo, sector="mining"), "sector")
    refused(andina(demo, legal_name=" "), "legal_name")


def test_civil_registry_record_becomes_a_person(demo, monkeypatch):
    from iess.registry import employer_services
    from iess.registry.adapters import CivilRecord

    cedula = registry_demo.cedula_from("171234567")

    class Civil:
        def lookup(self, number):
            return CivilRecord(number, "Nuevo", "Representante", datetime.date(1980, 1, 1), "ECU")

    monkeypatch.setattr(employer_services, "civil_registry", Civil)
    registration = employer_register(
        **andina(
            demo,
            ruc=registry_demo.company_ruc_from("179222222"),
            legal_name="Importadora Demo S.A.",
            representative_number=cedula,
        )
    )
    assert Person.objects.get(cedula=cedula) == registration.representative
