"""Outgoing email. Messages are rendered at once, in the language of the request that caused
them, and delivered by a background task after the transaction commits, so a rolled-back
write never sends mail and a slow mail server never slows a page."""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iess.core.errors import ServiceError
from iess.notifications.models import EmailVerification
from iess.notifications.tasks import email_deliver


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str

    def as_task_argument(self) -> dict:
        return {
            "filename": self.filename,
            "mimetype": self.mimetype,
            "content_b64": base64.b64encode(self.content).decode("ascii"),
        }


def email_text_render(template_name: str, context: dict) -> str:
    """Renders a plain-text email body without HTML escaping: "O'Brien & Hijos" must reach
    the reader as typed, not as "O&#x27;Brien &amp; Hijos"."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def email_queue(
    *,
    to: list[str] | str,
    subject: str,
    template: str,
    context: dict | None = None,
    attachments: list[Attachment] = (),
) -> None:
    """Renders `<template>.txt` (and `<template>.html` when it exists) and sends the message
    through the task queue once the current transaction commits."""
    recipients = [to] if isinstance(to, str) else list(to)
    context = {"SITE_URL": settings.SITE_URL, **(context or {})}
    body = email_text_render(f"{template}.txt", context)
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = ""
    arguments = {
        "to": recipients,
        "subject": str(subject),
        "body": body,
        "html": html,
        "attachments": [attachment.as_task_argument() for attachment in attachments],
    }
    transaction.on_commit(lambda: email_deliver.enqueue(**arguments))


VERIFICATION_TTL_SECONDS = 10 * 60
VERIFICATION_MAX_ATTEMPTS = 5
VERIFICATION_RESEND_AFTER_SECONDS = 60
VERIFICATION_MAX_SENDS = 5


def _code_hash(verification_id, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{verification_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


@transaction.atomic
def email_verification_start(
    *, email: str, purpose: str, subject: str, template: str, context: dict | None = None
) -> EmailVerification:
    """Sends a fresh 6-digit code to `email`. The template gets `code` and `minutes`."""
    now = timezone.now()
    verification = EmailVerification(
        purpose=purpose,
        email=email,
        sent_at=now,
        expires_at=now + timezone.timedelta(seconds=VERIFICATION_TTL_SECONDS),
    )
    code = _new_code()
    verification.code_hash = _code_hash(verification.id, code)
    verification.save()
    _send_code(verification, code, subject, template, context)
    return verification


def _send_code(verification, code, subject, template, context):
    email_queue(
        to=verification.email,
        subject=subject,
        template=template,
        context={**(context or {}), "code": code, "minutes": VERIFICATION_TTL_SECONDS // 60},
    )


@transaction.atomic
def email_verification_resend(
    *, verification_id, subject: str, template: str, context: dict | None = None
) -> EmailVerification:
    """Sends a new code for the same verification, at most once a minute and 5 times in all.
    The previous code stops working."""
    verification = EmailVerification.objects.select_for_update().get(pk=verification_id)
    now = timezone.now()
    if verification.verified_at is not None:
        raise ServiceError(_("Este correo ya fue verificado."), code="already_verified")
    wait = VERIFICATION_RESEND_AFTER_SECONDS - (now - verification.sent_at).total_seconds()
    if wait > 0:
        raise ServiceError(
            _("Espere %(seconds)d segundos antes de pedir otro código.")
            % {"seconds": int(wait) + 1},
            code="resend_throttled",
            status=429,
        )
    if verification.sends >= VERIFICATION_MAX_SENDS:
        raise ServiceError(
            _("Se alcanzó el número máximo de reenvíos. Empiece de nuevo más tarde."),
            code="resend_limit",
            status=429,
        )
    code = _new_code()
    verification.code_hash = _code_hash(verification.id, code)
    verification.sent_at = now
    verification.expires_at = now + timezone.timedelta(seconds=VERIFICATION_TTL_SECONDS)
    verification.attempts = 0
    verification.sends += 1
    verification.save()
    _send_code(verification, code, subject, template, context)
    return verification


def email_verification_check(*, verification_id, code: str) -> EmailVerification:
    """Accepts the code or raises ServiceError (wrong, expired, too many tries).

    Call it outside any transaction: a wrong try is then counted in its own committed
    transaction, so a failure of the caller cannot give the attempt back."""
    with transaction.atomic():
        verification = (
            EmailVerification.objects.select_for_update().filter(pk=verification_id).first()
        )
        if verification is None:
            raise ServiceError(
                _("La verificación no existe; empiece de nuevo."), code="not_found", status=404
            )
        if verification.verified_at is not None:
            return verification
        if timezone.now() >= verification.expires_at:
            raise ServiceError(
                _("El código caducó. Pida un código nuevo."), code="code_expired", field="code"
            )
        if verification.attempts >= VERIFICATION_MAX_ATTEMPTS:
            raise ServiceError(
                _("Agotó los 5 intentos. Pida un código nuevo."),
                code="too_many_attempts",
                field="code",
                status=429,
            )
        candidate = (code or "").strip()
        if (
            candidate.isdigit()
            and len(candidate) == 6
            and hmac.compare_digest(_code_hash(verification.id, candidate), verification.code_hash)
        ):
            verification.verified_at = timezone.now()
            verification.save(update_fields=["verified_at"])
            return verification
        verification.attempts += 1
        verification.save(update_fields=["attempts"])
        remaining = VERIFICATION_MAX_ATTEMPTS - verification.attempts
    if remaining == 0:
        raise ServiceError(
            _("Código incorrecto. Agotó los 5 intentos; pida un código nuevo."),
            code="too_many_attempts",
            field="code",
            status=429,
        )
    raise ServiceError(
        _("Código incorrecto. Le quedan %(remaining)d intentos.") % {"remaining": remaining},
        code="wrong_code",
        field="code",
    )


def email_verification_is_verified(*, verification_id, email: str | None = None) -> bool:
    query = EmailVerification.objects.filter(pk=verification_id, verified_at__isnull=False)
    if email is not None:
        query = query.filter(email__iexact=email)
    return query.exists()
