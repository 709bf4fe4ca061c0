"""Sheet 02: the certificate of non-affiliation for foreigners."""

import pytest

from iess.affiliation import foreigner_services as services
from iess.affiliation.models import NonAffiliationRequest
from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
from iess.documents.selectors import document_for_subject
from iess.documents.signing import pdf_signature_inspect

pytestmark = pytest.mark.django_db


def certificate_data(foreigners, **changes):
    data = {
        "actor": foreigners.clerk,
        "province_code": "17",
        "first_names": "Giulia",
        "last_names": "Bianchi",
        "nationality": "ITA",
        "passport_number": "YA1234567",
        "visa_number": "VRT-2026-0451",
        "phone": "0991234567",
        "email": "giulia.bianchi@example.com",
        "address": "Av. República E7-123, Quito",
        "letter_signed_by_hand": True,
        "passport_and_visa_seen": True,
    }
    data.update(changes)
    return data


THIRD_PARTY = {
    "third_party_names": "María Fernanda Andrade López",
    "third_party_identity": "1714307103",
    "authorisation_narrative": "Autorizo a María Andrade a retirar mi certificado.",
    "authorisation_signed_by_hand": True,
    "third_party_documents_seen": True,
}


def test_a_foreigner_without_records_gets_a_signed_certificate(foreigners):
    request = services.non_affiliation_certificate_request(**certificate_data(foreigners))
    assert request.status == "issued" and request.refusal_reason == ""
    document = document_for_subject(subject=request, kind="certificado-no-afiliacion")
    assert document.person == foreigners.person("giulia")
    assert ["Pasaporte", "YA1234567"] in document.fields
    report = pdf_signature_inspect(bytes(document.pdf))
    assert report.ok, report.message
    entry = AuditEntry.objects.get(action="affiliation.non_affiliation_issue")
    assert entry.actor == foreigners.clerk and entry.object_id == str(request.pk)


def test_a_foreigner_unknown_to_the_registry_gets_the_certificate(foreigners):
    request = services.non_affiliation_certificate_request(
        **certificate_data(
            foreigners,
            first_names="Hans",
            last_names="Müller",
            nationality="DEU",
            passport_number="C01X00T47",
        )
    )
    assert request.status == "issued"
    document = document_for_subject(subject=request, kind="certificado-no-afiliacion")
    assert document.person is None


def test_refused_when_the_records_show_an_affiliation(foreigners):
    request = services.non_affiliation_certificate_request(
        **certificate_data(
            foreigners,
            first_names="Pierre",
            last_names="Dubois",
            nationality="FRA",
            passport_number="18AB12345",
        )
    )
    assert request.status == "refused"
    assert "Se encontraron registros de afiliación" in request.refusal_reason
    assert "Textiles del Austro" in request.refusal_reason
    assert document_for_subject(subject=request, kind="certificado-no-afiliacion") is None
    entry = AuditEntry.objects.get(action="affiliation.non_affiliation_refuse")
    assert entry.reason == request.refusal_reason


def test_the_same_passport_of_another_country_is_another_person(foreigners):
    request = services.non_affiliation_certificate_request(
        **certificate_data(foreigners, nationality="BEL", passport_number="18AB12345")
    )
    assert request.status == "issued"


@pytest.mark.parametrize(
    ("key", "nationality", "passport", "fragment"),
    [
        ("john", "USA", "567891234", "código de identificación para extranjero"),
        ("camila", "COL", "AS987654", "cédula"),
    ],
)
def test_refused_with_a_foreigner_code_or_a_cedula(
    foreigners, key, nationality, passport, fragment
):
    request = services.non_affiliation_certificate_request(
        **certificate_data(foreigners, nationality=nationality, passport_number=passport)
    )
    assert request.status == "refused" and fragment in request.refusal_reason


def test_a_holder_known_by_visa_alone_is_found_when_showing_a_passport(foreigners):
    from iess.registry.services import person_foreigner_code_assign

    samira = foreigners.person("samira")
    assert samira.passport_number == ""
    code = person_foreigner_code_assign(person=samira)
    request = services.non_affiliation_certificate_request(
        **certificate_data(
            foreigners,
            first_names="Samira",
            last_names="Haddad Nasser",
            nationality="SYR",
            passport_number="N01234567",
            visa_number="VRT-2025-1187",
        )
    )
    assert request.status == "refused"
    assert "código de identificación para extranjero" in request.refusal_reason
    assert document_for_subject(subject=request, kind="certificado-no-afiliacion") is None
    assert code


def test_a_holder_with_a_renewed_passport_is_found_by_the_visa(foreigners):
    from iess.registry.models import Person

    pierre = foreigners.person("pierre")
    Person.objects.filter(pk=pierre.pk).update(visa_number="VRT20100077")
    request = services.non_affiliation_certificate_request(
        **certificate_data(
            foreigners,
            first_names="Pierre",
            last_names="Dubois",
            nationality="FRA",
            passport_number="22CD67890",
            visa_number="VRT-2010-0077",
        )
    )
    assert request.status == "refused"
    assert "Textiles del Austro" in request.refusal_reason


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"letter_signed_by_hand": False}, "letter_signed_by_hand"),
        ({"passport_and_visa_seen": False}, "passport_and_visa_seen"),
        ({"visa_number": ""}, "visa_number"),
        ({"passport_number": " "}, "passport_number"),
        ({"phone": "123"}, "phone"),
        ({"address": ""}, "address"),
        ({"nationality": "ECU"}, "nationality"),
        ({**THIRD_PARTY, "third_party_identity": "1234567890"}, "third_party_identity"),
        ({**THIRD_PARTY, "third_party_identity": "EX00012340"}, "third_party_identity"),
        ({**THIRD_PARTY, "authorisation_narrative": ""}, "authorisation_narrative"),
        (
            {**THIRD_PARTY, "authorisation_signed_by_hand": False},
            "authorisation_signed_by_hand",
        ),
        ({**THIRD_PARTY, "third_party_documents_seen": False}, "third_party_documents_seen"),
    ],
)
def test_requirements_are_enforced(foreigners, changes, field):
    with pytest.raises(ServiceError) as error:
        services.non_affiliation_certificate_request(**certificate_data(foreigners, **changes))
    assert error.value.field == field
    assert not NonAffiliationRequest.objects.exists()


def test_through_a_third_party_with_a_foreigner_code(foreigners):
    from iess.registry.demo import demo_person

    john = demo_person("john")
    request = services.non_affiliation_certificate_request(
        **certificate_data(
            foreigners,
            **{
                **THIRD_PARTY,
                "third_party_names": john.full_name,
                "third_party_identity": john.foreigner_code.lower(),
            },
        )
    )
    assert request.status == "issued"
    assert request.third_party_identity == john.foreigner_code
