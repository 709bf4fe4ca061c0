import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader

from iess.accounts.employer_services import (
    CounterChecks,
    employer_clave_issue,
    employer_clave_issue_at_counter,
    employer_clave_request_create,
    employer_clave_set_with_link,
)
from iess.accounts.models import EmployerAccount, EmployerClaveLink, EmployerClaveRequest
from iess.accounts.roles import Role
from iess.accounts.services import staff_user_create
from iess.accounts.tests.employer_support import (
    ANDINA_RUC,
    activation_path,
    andina_request,
)
from iess.catalog.models import Attention
from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
from iess.documents.models import IssuedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(db):
    return staff_user_create(username="clerk", password="x-Demo-2026", role=Role.COUNTER_CLERK)


def pdf_text(content: bytes) -> str:
    import io

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_request_generates_both_documents_with_codes(demo):
    clave_request = andina_request()
    request_text = pdf_text(bytes(clave_request.request_document.pdf))
    assert ANDINA_RUC in request_text
    assert clave_request.request_document.code in request_text
    assert "AUTORIZACIÓN DE RETIRO" not in request_text
    agreement_text = pdf_text(bytes(clave_request.agreement_document.pdf))
    assert "Acuerdo de Responsabilidad" in agreement_text
    assert clave_request.request_document.subject_id == str(clave_request.pk)


def test_request_with_third_party_carries_the_authorisation(demo):
    cedula = demo("jose").cedula
    clave_request = andina_request(third_party_name="José Cevallos", third_party_cedula=cedula)
    text = pdf_text(bytes(clave_request.request_document.pdf))
    assert "AUTORIZACIÓN DE RETIRO DE CONTRASEÑA" in text
    assert cedula in text


@pytest.mark.parametrize(
    ("name", "cedula", "code"),
    [
        ("José Cevallos", "", "third_party_cedula"),
        ("", "0923456788", "third_party_name"),
        ("José Cevallos", "0923456780", "third_party_cedula"),
        ("María Andrade", "1714307103", "third_party_is_representative"),
    ],
)
def test_third_party_refusals(demo, name, cedula, code):
    with pytest.raises(ServiceError) as error:
        andina_request(third_party_name=name, third_party_cedula=cedula)
    assert error.value.code == code


def test_new_request_supersedes_the_pending_one_and_annuls_its_documents(demo):
    first = andina_request()
    second = employer_clave_request_create(registration=first.employer.registration)
    first.refresh_from_db()
    assert first.status == "superseded"
    assert IssuedDocument.objects.get(pk=first.request_document_id).revoked_at is not None
    assert second.status == "pending"


def representative_checks(**changes):
    values = {
        "request_signed": True,
        "agreement_signed": True,
        "collector": "representative",
        "representative_identity_seen": True,
    }
    values.update(changes)
    return CounterChecks(**values)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"request_signed": False}, "request_not_signed"),
        ({"agreement_signed": False}, "agreement_not_signed"),
        ({"representative_identity_seen": False}, "identity_not_seen"),
        ({"collector": "third_party"}, "no_third_party"),
        ({"collector": "someone"}, "collector"),
    ],
)
def test_every_counter_check_is_required(demo, clerk, changes, code):
    clave_request = andina_request()
    with pytest.raises(ServiceError) as error:
        employer_clave_issue_at_counter(
            clave_request=clave_request, actor=clerk, checks=representative_checks(**changes)
        )
    assert error.value.code == code
    assert EmployerAccount.objects.count() == 0


def test_third_party_needs_matching_cedula_and_authorisation(
    demo, clerk, outbox, django_capture_on_commit_callbacks
):
    cedula = demo("jose").cedula
    clave_request = andina_request(third_party_name="José Cevallos", third_party_cedula=cedula)
    third = {"collector": "third_party", "representative_identity_seen": False}
    for changes, code in [
        (
            {"third_party_cedula_seen": demo("ana").cedula, "authorisation_present": True},
            "third_party_mismatch",
        ),
        (
            {"third_party_cedula_seen": cedula, "authorisation_present": False},
            "authorisation_missing",
        ),
    ]:
        with pytest.raises(ServiceError) as error:
            employer_clave_issue_at_counter(
                clave_request=clave_request,
                actor=clerk,
                checks=representative_checks(**third, **changes),
            )
        assert error.value.code == code
    with django_capture_on_commit_callbacks(execute=True):
        employer_clave_issue_at_counter(
            clave_request=clave_request,
            actor=clerk,
            checks=representative_checks(
                **third, third_party_cedula_seen=cedula, authorisation_present=True
            ),
            ticket_number="C-012",
        )
    entry = AuditEntry.objects.get(action="clave_patronal.issue")
    assert cedula in entry.reason
    assert entry.actor == clerk
    assert outbox.latest("rrhh@andina.example.ec", "active su clave patronal")


def test_issue_creates_account_link_audit_and_attention_once(
    demo, clerk, outbox, django_capture_on_commit_callbacks
):
    clave_request = andina_request()
    with django_capture_on_commit_callbacks(execute=True):
        employer_clave_issue_at_counter(
            clave_request=clave_request, actor=clerk, checks=representative_checks()
        )
    clave_request.refresh_from_db()
    assert clave_request.status == "issued"
    assert clave_request.issued_channel == "counter"
    assert clave_request.issued_by == clerk
    account = EmployerAccount.objects.get(employer__ruc=ANDINA_RUC)
    assert not account.user.has_usable_password()
    link = EmployerClaveLink.objects.get(account=account)
    assert len(link.token_hash) == 64
    entry = AuditEntry.objects.get(action="clave_patronal.issue")
    assert entry.before["status"] == "pending"
    assert entry.after["status"] == "issued"
    assert Attention.objects.filter(reference=f"clave-patronal:{clave_request.pk}").count() == 1
    message = outbox.latest("rrhh@andina.example.ec", "active su clave patronal")
    assert link.token_hash not in message.body
    with pytest.raises(ServiceError) as error:
        employer_clave_issue(clave_request_id=clave_request.pk, actor=clerk, channel="counter")
    assert error.value.code == "not_pending"
    assert EmployerClaveLink.objects.count() == 1


def issued_token(clerk, outbox, capture):
    clave_request = andina_request()
    with capture(execute=True):
        employer_clave_issue(clave_request_id=clave_request.pk, actor=clerk, channel="virtual")
    body = outbox.latest("rrhh@andina.example.ec", "active su clave patronal").body
    return activation_path(body).rstrip("/").rsplit("/", 1)[1]


def test_activation_link_sets_the_clave_once(
    demo, clerk, outbox, django_capture_on_commit_callbacks
):
    token = issued_token(clerk, outbox, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        account = employer_clave_set_with_link(
            token=token, password="Patronal2026x", declaration=True
        )
    assert account.user.check_password("Patronal2026x")
    assert account.activated_at is not None
    assert outbox.latest("rrhh@andina.example.ec", "fue creada")
    with pytest.raises(ServiceError) as error:
        employer_clave_set_with_link(token=token, password="Patronal2026y", declaration=True)
    assert error.value.code == "link_used"


def test_activation_link_expires_after_24_hours(
    demo, clerk, outbox, django_capture_on_commit_callbacks
):
    token = issued_token(clerk, outbox, django_capture_on_commit_callbacks)
    EmployerClaveLink.objects.update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
        created_at=timezone.now() - datetime.timedelta(hours=24, seconds=1),
    )
    with pytest.raises(ServiceError) as error:
        employer_clave_set_with_link(token=token, password="Patronal2026x", declaration=True)
    assert error.value.code == "link_expired"


def test_unknown_link_and_declaration_and_password_rules(
    demo, clerk, outbox, django_capture_on_commit_callbacks
):
    token = issued_token(clerk, outbox, django_capture_on_commit_callbacks)
    with pytest.raises(ServiceError) as error:
        employer_clave_set_with_link(token="nope", password="Patronal2026x", declaration=True)
    assert error.value.code == "link_unknown"
    with pytest.raises(ServiceError) as error:
        employer_clave_set_with_link(token=token, password="Patronal2026x", declaration=False)
    assert error.value.code == "declaration"
    for weak in ["abc12", "solo-letras!", "Andina2026", f"x{ANDINA_RUC}", "maria1985x"]:
        with pytest.raises(ServiceError) as error:
            employer_clave_set_with_link(token=token, password=weak, declaration=True)
        assert error.value.code == "password", weak
    assert EmployerClaveLink.objects.get().used_at is None


def test_reissue_replaces_the_clave_and_kills_open_links(
    demo, clerk, outbox, django_capture_on_commit_callbacks
):
    token = issued_token(clerk, outbox, django_capture_on_commit_callbacks)
    employer_clave_set_with_link(token=token, password="Patronal2026x", declaration=True)
    registration = EmployerClaveRequest.objects.get().employer.registration
    again = employer_clave_request_create(registration=registration)
    employer_clave_issue(clave_request_id=again.pk, actor=clerk, channel="counter")
    account = EmployerAccount.objects.get()
    assert not account.user.has_usable_password()
    assert get_user_model().objects.filter(username=ANDINA_RUC).count() == 1
