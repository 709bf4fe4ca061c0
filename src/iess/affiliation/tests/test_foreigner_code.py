"""Sheet 01: the foreigner identification code for an independent worker."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st
from stdnum.ec import ci

from iess.affiliation import foreigner_services as services
from iess.affiliation.models import ForeignerCodeRequest
from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
from iess.core.testing import failures, run_together
from iess.documents.selectors import document_for_subject
from iess.documents.signing import pdf_signature_inspect
from iess.registry.services import person_foreigner_code_assign, person_foreigner_register
from iess.registry.validators import (
    cedula_validate,
    foreigner_code_make,
    foreigner_code_validate,
    identity_number_parse,
)

SERIALS = st.integers(min_value=1, max_value=9_999_999)


@given(SERIALS)
def test_a_foreigner_code_is_never_a_valid_cedula(serial):
    code = foreigner_code_make(serial)
    assert foreigner_code_validate(code) == code
    assert identity_number_parse(code).kind == "foreigner_code"
    assert not ci.is_valid(code)
    # Nor are its digits alone (8 of them, a cédula has 10).
    assert not ci.is_valid(code[2:])
    with pytest.raises(ValidationError):
        cedula_validate(code)


@given(SERIALS)
def test_the_check_digit_catches_every_single_digit_typo(serial):
    code = foreigner_code_make(serial)
    for position in range(2, len(code)):
        for digit in "0123456789":
            if digit == code[position]:
                continue
            typo = code[:position] + digit + code[position + 1 :]
            with pytest.raises(ValidationError) as error:
                foreigner_code_validate(typo)
            assert error.value.code == "checksum"


def request_data(foreigners, key="valentina", **changes):
    person = foreigners.person(key)
    data = {
        "actor": foreigners.clerk,
        "province_code": "17",
        "first_names": person.first_names,
        "last_names": person.last_names,
        "birth_date": person.birth_date,
        "nationality": person.nationality,
        "passport_number": person.passport_number,
        "visa_number": "",
        "ruc": foreigners.ruc(key),
        "narrative": "Solicito el código para afiliarme como trabajadora independiente.",
        "signed_by_hand": True,
        "identity_document_seen": True,
    }
    data.update(changes)
    return data


PROXY = {
    "proxy_names": "María Fernanda Andrade López",
    "proxy_identity": "1714307103",
    "power_notary": "Notaría Primera de Quito",
    "power_reference": "P-2026-100",
}


@pytest.mark.django_db
def test_the_clerk_records_and_issues_the_code(foreigners):
    request = services.foreigner_code_request_create(**request_data(foreigners))
    assert request.status == "ready"
    issued = services.foreigner_code_issue(
        actor=foreigners.clerk, province_code="17", request_id=request.pk
    )
    person = foreigners.person("valentina")
    assert issued.status == "issued"
    assert person.foreigner_code == issued.foreigner_code
    assert foreigner_code_validate(issued.foreigner_code) == issued.foreigner_code
    document = document_for_subject(subject=issued, kind="codigo-extranjero")
    assert document.person == person and bytes(document.pdf).startswith(b"%PDF")
    assert pdf_signature_inspect(bytes(document.pdf)).ok
    assert ["Código de identificación para extranjero", issued.foreigner_code] in document.fields
    actions = list(
        AuditEntry.objects.filter(object_id=str(request.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["affiliation.foreigner_code_request", "affiliation.foreigner_code_issue"]
    # Issuing again gives the same code, not a second one.
    again = services.foreigner_code_issue(
        actor=foreigners.clerk, province_code="17", request_id=request.pk
    )
    assert again.foreigner_code == issued.foreigner_code


@pytest.mark.django_db
def test_a_clerk_of_another_province_cannot_issue(foreigners):
    request = services.foreigner_code_request_create(**request_data(foreigners))
    with pytest.raises(ServiceError) as error:
        services.foreigner_code_issue(
            actor=foreigners.guayas_clerk, province_code="09", request_id=request.pk
        )
    assert error.value.code == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "passport", "nationality", "code"),
    [("camila", "AS987654", "COL", "has_cedula"), ("john", "567891234", "USA", "has_code")],
)
def test_refused_when_the_person_already_has_a_cedula_or_a_code(
    foreigners, key, passport, nationality, code
):
    from iess.registry.demo import demo_person

    person = demo_person(key)
    data = request_data(foreigners)
    data.update(
        first_names=person.first_names,
        last_names=person.last_names,
        passport_number=passport,
        nationality=nationality,
    )
    with pytest.raises(ServiceError) as error:
        services.foreigner_code_request_create(**data)
    assert error.value.code == code
    assert not ForeignerCodeRequest.objects.exclude(person=foreigners.person("luis")).exists()


@pytest.mark.django_db
def test_identity_differing_from_the_ruc_is_shown_field_by_field(foreigners):
    data = request_data(
        foreigners, first_names="Valeria", passport_number="V99999999", nationality="COL"
    )
    with pytest.raises(services.RucMismatchError) as error:
        services.foreigner_code_request_create(**data)
    fields = {m.field: (m.requested, m.registered) for m in error.value.mismatches}
    assert fields["Nombres y apellidos"] == ("Valeria Rojas Pérez", "Valentina Rojas Pérez")
    assert fields["Pasaporte"] == ("V99999999", "V12345678")
    assert fields["Nacionalidad"] == ("Colombia", "Venezuela")
    assert not ForeignerCodeRequest.objects.exclude(person=foreigners.person("luis")).exists()


@pytest.mark.django_db
def test_names_match_regardless_of_accents_and_case(foreigners):
    data = request_data(foreigners, first_names="VALENTINA", last_names="rojas perez")
    assert services.foreigner_code_request_create(**data).status == "ready"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"ruc": "1793000010000"}, "ruc", "invalid_ruc"),
        ({"ruc": "12345"}, "ruc", "invalid_ruc"),
        ({"ruc": "1714307103001"}, "ruc", "ruc_not_found"),
        ({"signed_by_hand": False}, "signed_by_hand", "not_signed_by_hand"),
        ({"identity_document_seen": False}, "identity_document_seen", "document_not_seen"),
        ({"passport_number": "", "visa_number": ""}, "passport_number", "document_required"),
        ({"nationality": "ECU"}, "nationality", "not_foreigner"),
        ({"narrative": "  "}, "narrative", "required"),
        ({**PROXY, "power_notary": ""}, "power_notary", "required"),
    ],
)
def test_refusals_of_the_request(foreigners, changes, field, code):
    with pytest.raises(ServiceError) as error:
        services.foreigner_code_request_create(**request_data(foreigners, **changes))
    assert (error.value.field, error.value.code) == (field, code)


@pytest.mark.django_db
def test_a_visa_only_foreigner_is_compared_by_visa(foreigners):
    from iess.registry.demo import company_ruc_from
    from iess.registry.services import taxpayer_register

    holder = person_foreigner_register(
        first_names="Ahmed",
        last_names="Haddad",
        birth_date=datetime.date(1990, 1, 1),
        nationality="SYR",
        visa_number="VH-2026-9",
    )
    ruc = company_ruc_from("179300009")
    taxpayer_register(ruc=ruc, holder=holder)
    data = request_data(
        foreigners,
        first_names="Ahmed",
        last_names="Haddad",
        nationality="SYR",
        passport_number="",
        visa_number="vh 2026 9",
        ruc=ruc,
        birth_date=holder.birth_date,
    )
    request = services.foreigner_code_request_create(**data)
    assert request.visa_number == "VH20269" and request.person == holder
    assert (holder.passport_number, holder.visa_number) == ("", "VH20269")


def visa_only_request(foreigners, **changes):
    """samira of the demo: no passport, her RUC records the visa."""
    documents = {"passport_number": "", "visa_number": "vrt 2025-1187"}
    return request_data(foreigners, key="samira", **{**documents, **changes})


@pytest.mark.django_db
def test_a_visa_only_foreigner_gets_a_code_printed_with_the_visa(foreigners):
    samira = foreigners.person("samira")
    assert samira.identity_label == "SYR visa VRT20251187"
    request = services.foreigner_code_request_create(**visa_only_request(foreigners))
    assert request.person == samira
    issued = services.foreigner_code_issue(
        actor=foreigners.clerk, province_code="17", request_id=request.pk
    )
    samira.refresh_from_db()
    assert samira.foreigner_code == issued.foreigner_code
    assert (samira.passport_number, samira.visa_number) == ("", "VRT20251187")
    document = document_for_subject(subject=issued, kind="codigo-extranjero")
    assert ["Visa", "VRT20251187"] in document.fields
    assert "Pasaporte" not in [label for label, _value in document.fields]
    assert bytes(document.pdf).startswith(b"%PDF")


@pytest.mark.django_db
def test_the_same_visa_again_finds_the_person_who_already_has_a_code(foreigners):
    request = services.foreigner_code_request_create(**visa_only_request(foreigners))
    code = services.foreigner_code_issue(
        actor=foreigners.clerk, province_code="17", request_id=request.pk
    ).foreigner_code
    with pytest.raises(ServiceError) as error:
        services.foreigner_code_request_create(
            **visa_only_request(foreigners, visa_number="VRT20251187")
        )
    assert (error.value.code, error.value.field) == ("has_code", "visa_number")
    assert code in str(error.value.message)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "requested", "registered"),
    [
        ({"visa_number": "VRT-2025-9999"}, "Visa", "VRT20259999", "VRT20251187"),
        # Her RUC has no passport: a typed passport meets the visa the SRI holds.
        ({"passport_number": "N0123456"}, "Pasaporte", "N0123456", "VRT20251187"),
    ],
)
def test_the_ruc_check_compares_a_visa_only_holder_by_the_visa(
    foreigners, changes, field, requested, registered
):
    with pytest.raises(services.RucMismatchError) as error:
        services.foreigner_code_request_create(**visa_only_request(foreigners, **changes))
    assert [(m.field, m.requested, m.registered) for m in error.value.mismatches] == [
        (field, requested, registered)
    ]
    samira = foreigners.person("samira")
    assert not ForeignerCodeRequest.objects.filter(person=samira).exists()
    assert samira.passport_number == ""


# --- The legal unit's gate --------------------------------------------------------------


@pytest.mark.django_db
def test_no_code_before_the_legal_unit_approves_the_power(foreigners):
    request = services.foreigner_code_request_create(**request_data(foreigners, **PROXY))
    assert request.status == "awaiting_legal"
    with pytest.raises(ServiceError) as error:
        services.foreigner_code_issue(
            actor=foreigners.clerk, province_code="17", request_id=request.pk
        )
    assert error.value.code == "awaiting_legal"
    assert foreigners.person("valentina").foreigner_code is None
    services.foreigner_power_decide(
        actor=foreigners.legal, request_id=request.pk, approve=True, reason="Poder suficiente"
    )
    issued = services.foreigner_code_issue(
        actor=foreigners.clerk, province_code="17", request_id=request.pk
    )
    assert issued.status == "issued" and issued.power_decided_by == foreigners.legal
    entry = AuditEntry.objects.get(action="affiliation.foreigner_power_approve")
    assert entry.actor == foreigners.legal and entry.before["status"] == "awaiting_legal"
    assert entry.after["status"] == "ready"


@pytest.mark.django_db
def test_no_code_after_the_legal_unit_rejects_the_power(foreigners):
    request = services.foreigner_code_request_create(**request_data(foreigners, **PROXY))
    with pytest.raises(ServiceError) as error:
        services.foreigner_power_decide(
            actor=foreigners.legal, request_id=request.pk, approve=False
        )
    assert error.value.code == "reason_required"
    services.foreigner_power_decide(
        actor=foreigners.legal,
        request_id=request.pk,
        approve=False,
        reason="El poder no faculta trámites ante el IESS",
    )
    with pytest.raises(ServiceError) as error:
        services.foreigner_code_issue(
            actor=foreigners.clerk, province_code="17", request_id=request.pk
        )
    assert error.value.code == "power_rejected"
    assert "no faculta" in str(error.value.message)
    with pytest.raises(ServiceError) as error:
        services.foreigner_power_decide(actor=foreigners.legal, request_id=request.pk, approve=True)
    assert error.value.code == "already_decided"
    assert AuditEntry.objects.filter(
        action="affiliation.foreigner_power_reject", reason__contains="no faculta"
    ).exists()


@pytest.mark.django_db
def test_a_legal_advisor_of_another_province_cannot_see_or_decide(foreigners):
    from iess.affiliation.foreigner_selectors import power_review_list

    request = services.foreigner_code_request_create(**request_data(foreigners, **PROXY))
    assert request in power_review_list(user=foreigners.legal)
    assert request not in power_review_list(user=foreigners.guayas_legal)
    with pytest.raises(ServiceError) as error:
        services.foreigner_power_decide(
            actor=foreigners.guayas_legal, request_id=request.pk, approve=True
        )
    assert error.value.code == "not_found"
    # Nor can a clerk decide, in any province.
    with pytest.raises(ServiceError):
        services.foreigner_power_decide(actor=foreigners.clerk, request_id=request.pk, approve=True)
    request.refresh_from_db()
    assert request.status == "awaiting_legal"


@pytest.mark.django_db
def test_a_legal_advisor_without_a_staff_profile_sees_no_power(foreigners):
    from iess.accounts.models import StaffProfile
    from iess.affiliation.foreigner_selectors import power_review_list

    request = services.foreigner_code_request_create(**request_data(foreigners, **PROXY))
    StaffProfile.objects.filter(user=foreigners.legal).delete()
    advisor = type(foreigners.legal).objects.get(pk=foreigners.legal.pk)
    assert request not in power_review_list(user=advisor)
    with pytest.raises(ServiceError) as error:
        services.foreigner_power_decide(actor=advisor, request_id=request.pk, approve=True)
    assert error.value.code == "not_found"


# --- Serials -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_codes_follow_the_highest_serial(foreigners):
    john_serial = 1234  # the demo's existing code
    first = person_foreigner_code_assign(person=foreigners.person("giulia"))
    second = person_foreigner_code_assign(person=foreigners.person("pierre"))
    assert first == foreigner_code_make(john_serial + 1)
    assert second == foreigner_code_make(john_serial + 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_share_a_code(audit_log_flushable):
    persons = [
        person_foreigner_register(
            first_names=f"Persona {n}",
            last_names="Concurrente",
            birth_date=datetime.date(1990, 1, 1),
            nationality="ARG",
            passport_number=f"AR{n:05d}",
        )
        for n in range(8)
    ]

    def assigning(person):
        return lambda: person_foreigner_code_assign(person=person)

    codes = run_together(*(assigning(person) for person in persons))
    assert failures(codes) == []
    assert len(set(codes)) == len(persons)
    assert all(foreigner_code_validate(code) == code for code in codes)


@pytest.mark.django_db
def test_one_request_in_progress_per_person(foreigners):
    services.foreigner_code_request_create(**request_data(foreigners))
    with pytest.raises(ServiceError) as error:
        services.foreigner_code_request_create(**request_data(foreigners))
    assert error.value.code == "request_open"


@pytest.mark.django_db
def test_the_admin_lists_the_counter_records_read_only(client, foreigners):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("jefe", password="x-Demo-2026")
    client.force_login(admin)
    page = client.get("/oficina/admin/affiliation/foreignercoderequest/")
    assert page.status_code == 200 and "Mendoza Quispe" in page.text
    assert client.get("/oficina/admin/affiliation/foreignercoderequest/add/").status_code == 403
