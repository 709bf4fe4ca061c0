import datetime
import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from iess.core.errors import ServiceError
from iess.notifications import services
from iess.notifications.models import EmailVerification, OutboxMessage
from iess.notifications.services import Attachment

pytestmark = pytest.mark.django_db

TEMPLATE = "notifications/email/verification_code"


def _start(django_capture_on_commit_callbacks, email="ana@example.ec"):
    with django_capture_on_commit_callbacks(execute=True):
        return services.email_verification_start(
            email=email, purpose="test", subject="Verificar IESS turno online", template=TEMPLATE
        )


def _code_from(outbox, email="ana@example.ec"):
    return re.search(r"\b(\d{6})\b", outbox.latest(email, "Verificar").body).group(1)


def test_email_is_sent_after_commit_only(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.email_queue(
            to="x@example.ec", subject="Hola", template=TEMPLATE, context={"code": "1"}
        )
    assert OutboxMessage.objects.count() == 0
    assert len(callbacks) == 1


def test_rolled_back_write_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.email_queue(to="x@example.ec", subject="Hola", template=TEMPLATE)
                raise RuntimeError("the write failed")
        except RuntimeError:
            pass
    assert OutboxMessage.objects.count() == 0


def test_attachments_reach_the_outbox(django_capture_on_commit_callbacks, outbox):
    with django_capture_on_commit_callbacks(execute=True):
        services.email_queue(
            to=["x@example.ec"],
            subject="Con adjunto",
            template=TEMPLATE,
            attachments=[Attachment("turno.pdf", b"%PDF-1.4 demo", "application/pdf")],
        )
    message = outbox.latest("x@example.ec", "Con adjunto")
    attachment = message.attachments.get()
    assert attachment.filename == "turno.pdf" and bytes(attachment.content) == b"%PDF-1.4 demo"


def test_code_is_six_digits_stored_only_as_a_hash(django_capture_on_commit_callbacks, outbox):
    verification = _start(django_capture_on_commit_callbacks)
    code = _code_from(outbox)
    stored = EmailVerification.objects.get(pk=verification.pk)
    assert len(code) == 6 and code not in stored.code_hash
    assert services.email_verification_check(verification_id=verification.pk, code=code).verified_at
    assert services.email_verification_is_verified(
        verification_id=verification.pk, email="ANA@example.ec"
    )


def test_wrong_codes_count_down_then_lock(django_capture_on_commit_callbacks, outbox):
    verification = _start(django_capture_on_commit_callbacks)
    code = _code_from(outbox)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for remaining in (4, 3, 2, 1):
        with pytest.raises(ServiceError) as caught:
            services.email_verification_check(verification_id=verification.pk, code=wrong)
        assert caught.value.code == "wrong_code" and str(remaining) in str(caught.value.message)
    with pytest.raises(ServiceError) as caught:
        services.email_verification_check(verification_id=verification.pk, code=wrong)
    assert caught.value.code == "too_many_attempts"
    with pytest.raises(ServiceError) as caught:
        services.email_verification_check(verification_id=verification.pk, code=code)
    assert caught.value.code == "too_many_attempts"
    assert not services.email_verification_is_verified(verification_id=verification.pk)


def test_code_expires_after_ten_minutes(django_capture_on_commit_callbacks, outbox, monkeypatch):
    verification = _start(django_capture_on_commit_callbacks)
    code = _code_from(outbox)
    later = timezone.now() + datetime.timedelta(minutes=10, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with pytest.raises(ServiceError) as caught:
        services.email_verification_check(verification_id=verification.pk, code=code)
    assert caught.value.code == "code_expired"


def test_resend_is_throttled_and_replaces_the_code(
    django_capture_on_commit_callbacks, outbox, monkeypatch
):
    verification = _start(django_capture_on_commit_callbacks)
    old_code = _code_from(outbox)
    with pytest.raises(ServiceError) as caught:
        services.email_verification_resend(
            verification_id=verification.pk,
            subject="Verificar IESS turno online",
            template=TEMPLATE,
        )
    assert caught.value.code == "resend_throttled" and caught.value.status == 429
    later = timezone.now() + datetime.timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with django_capture_on_commit_callbacks(execute=True):
        services.email_verification_resend(
            verification_id=verification.pk,
            subject="Verificar IESS turno online",
            template=TEMPLATE,
        )
    assert OutboxMessage.objects.count() == 2
    new_code = _code_from(outbox)
    if new_code != old_code:
        with pytest.raises(ServiceError):
            services.email_verification_check(verification_id=verification.pk, code=old_code)
    assert services.email_verification_check(
        verification_id=verification.pk, code=new_code
    ).verified_at


def test_outbox_page_lists_and_shows_messages(client, django_capture_on_commit_callbacks, outbox):
    _start(django_capture_on_commit_callbacks)
    response = client.get(reverse("outbox:list"))
    assert (
        response.status_code == 200 and "Verificar IESS turno online" in response.content.decode()
    )
    message = outbox.latest("ana@example.ec")
    detail = client.get(reverse("outbox:detail", args=[message.pk]))
    assert _code_from(outbox) in detail.content.decode()


def test_plain_text_email_is_not_html_escaped(django_capture_on_commit_callbacks, outbox):
    with django_capture_on_commit_callbacks(execute=True):
        services.email_queue(
            to="x@example.ec",
            subject="Hola",
            template="notifications/email/verification_code",
            context={"code": "Seán O'Brien & Hijos <S.A.>", "minutes": 10},
        )
    assert "Seán O'Brien & Hijos <S.A.>" in outbox.latest("x@example.ec").body
