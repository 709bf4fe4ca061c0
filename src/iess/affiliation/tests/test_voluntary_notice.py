import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from iess.affiliation import voluntary_services as services
from iess.affiliation.models import Affiliation, VoluntaryAffiliation
from iess.documents.selectors import document_for_subject

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def register(complete_application, django_capture_on_commit_callbacks):
    def make(person, **kwargs):
        application = complete_application(person, **kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            return services.voluntary_affiliation_register(
                application_id=application.pk, accept_terms=True, idempotency_key="n"
            )

    return make


def test_notice_is_emailed_with_the_pdf(carlos, register, outbox):
    voluntary = register(carlos, email="carlos@example.ec", base=Decimal("482.00"))
    voluntary.refresh_from_db()
    assert voluntary.notice_emailed_at is not None
    assert voluntary.notice_attempts == 1
    message = outbox.latest("carlos@example.ec", "Aviso de entrada")
    document = document_for_subject(subject=voluntary, kind=services.NOTICE_KIND)
    assert document.code in message.body
    [attachment] = message.attachments.all()
    assert attachment.mimetype == "application/pdf"
    text = pdf_text(bytes(attachment.content))
    start = voluntary.affiliation.start_date
    for expected in [
        "Aviso de entrada del afiliado",
        "Carlos Andrés Vera Zambrano",
        carlos.cedula,
        "Afiliación voluntaria",
        start.strftime("%d/%m/%Y"),
        "USD 482.00",
        "USD 84.83",
        services.due_date_for(services.month_start(start)).strftime("%d/%m/%Y"),
        f"Código de verificación: {document.code}",
        "Exterior (ESP)",
    ]:
        assert expected in text, expected
    assert bytes(attachment.content) == bytes(document.pdf)


def test_failed_attempt_keeps_the_affiliation_and_a_retry_delivers(
    carlos, register, outbox, monkeypatch
):
    real_render = services.document_render
    calls = {"n": 0}

    def flaky_render(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("disk full")
        return real_render(**kwargs)

    monkeypatch.setattr(services, "document_render", flaky_render)
    voluntary = register(carlos, email="carlos@example.ec")

    voluntary.refresh_from_db()
    assert Affiliation.objects.filter(pk=voluntary.affiliation_id, status="active").exists()
    assert voluntary.notice_attempts == 1
    assert voluntary.notice_emailed_at is None
    assert "disk full" in voluntary.notice_last_error
    assert outbox.to("carlos@example.ec")[-1].subject.startswith("Código")

    # Not yet due for a retry: the sweeper leaves it alone.
    call_command("voluntary_notices_retry")
    voluntary.refresh_from_db()
    assert voluntary.notice_attempts == 1

    VoluntaryAffiliation.objects.filter(pk=voluntary.pk).update(
        notice_last_attempt_at=voluntary.notice_last_attempt_at - datetime.timedelta(minutes=20),
        created_at=voluntary.created_at - datetime.timedelta(minutes=20),
    )
    call_command("voluntary_notices_retry")

    voluntary.refresh_from_db()
    assert voluntary.notice_attempts == 2
    assert voluntary.notice_emailed_at is not None
    assert voluntary.notice_last_error == ""
    message = outbox.latest("carlos@example.ec", "Aviso de entrada")
    assert message.attachments.count() == 1
    # Delivered once: a further sweep sends nothing more.
    call_command("voluntary_notices_retry", "--older-than-minutes=0")
    assert len([m for m in outbox.to("carlos@example.ec") if "Aviso" in m.subject]) == 1


def test_failed_mail_is_retried_too(
    carlos, complete_application, outbox, monkeypatch, django_capture_on_commit_callbacks
):
    def broken_send(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    application = complete_application(carlos, email="carlos@example.ec")
    monkeypatch.setattr(services.EmailMultiAlternatives, "send", broken_send)
    with django_capture_on_commit_callbacks(execute=True):
        voluntary = services.voluntary_affiliation_register(
            application_id=application.pk, accept_terms=True, idempotency_key="m"
        )
    voluntary.refresh_from_db()
    assert voluntary.notice_emailed_at is None
    assert "smtp down" in voluntary.notice_last_error
    # The PDF was kept: the portal can serve it meanwhile.
    assert document_for_subject(subject=voluntary, kind=services.NOTICE_KIND).pdf
    monkeypatch.undo()
    from iess.affiliation.tasks import voluntary_notice_deliver

    voluntary_notice_deliver.enqueue(voluntary_id=voluntary.pk)
    voluntary.refresh_from_db()
    assert voluntary.notice_emailed_at is not None


def test_attempts_are_bounded(carlos, register, monkeypatch):
    monkeypatch.setattr(
        services, "document_render", lambda **kwargs: (_ for _ in ()).throw(OSError("x"))
    )
    voluntary = register(carlos)
    VoluntaryAffiliation.objects.filter(pk=voluntary.pk).update(
        notice_attempts=services.NOTICE_MAX_ATTEMPTS
    )
    assert not services.voluntary_notices_undelivered(retry_after=datetime.timedelta(0)).exists()


def test_notice_rendered_on_demand_once(carlos, complete_application):
    application = complete_application(carlos)
    voluntary = services.voluntary_affiliation_register(
        application_id=application.pk, accept_terms=True, idempotency_key="d"
    )  # the task has not run (no commit in this test)
    first = services.voluntary_notice_ensure(voluntary_id=voluntary.pk)
    second = services.voluntary_notice_ensure(voluntary_id=voluntary.pk)
    assert first.pk == second.pk
    assert bytes(first.pdf).startswith(b"%PDF")
