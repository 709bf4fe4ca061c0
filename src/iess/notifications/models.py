import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """An email as it was handed to the mail system, kept when no real SMTP is configured
    (demo and tests): the development outbox page and the tests read it."""

    sent_at = models.DateTimeField(_("enviado"), auto_now_add=True, db_index=True)
    from_email = models.CharField(_("de"), max_length=254)
    to = models.JSONField(_("para"))
    subject = models.CharField(_("asunto"), max_length=255)
    body = models.TextField(_("texto"))
    html = models.TextField(_("HTML"), blank=True)

    class Meta:
        verbose_name = _("correo de la bandeja")
        verbose_name_plural = _("bandeja de correo")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class OutboxAttachment(models.Model):
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("nombre"), max_length=255)
    mimetype = models.CharField(_("tipo"), max_length=100)
    content = models.BinaryField(_("contenido"))

    class Meta:
        verbose_name = _("adjunto")
        verbose_name_plural = _("adjuntos")

    def __str__(self) -> str:
        return self.filename


class EmailVerification(models.Model):
    """A 6-digit code sent to an email address to prove the person reads it.

    The code is kept only as a keyed hash; it expires, allows a limited number of tries and
    can be resent only after a pause. One implementation serves every flow (turnero, AFÍLIATE Ya).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    purpose = models.CharField(_("propósito"), max_length=40)
    email = models.EmailField(_("correo electrónico"))
    code_hash = models.CharField(_("código (hash)"), max_length=64)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    sent_at = models.DateTimeField(_("último envío"))
    expires_at = models.DateTimeField(_("vence"))
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    sends = models.PositiveSmallIntegerField(_("envíos"), default=1)
    verified_at = models.DateTimeField(_("verificado"), null=True, blank=True)

    class Meta:
        verbose_name = _("verificación de correo")
        verbose_name_plural = _("verificaciones de correo")
        constraints = [
            models.CheckConstraint(
                name="verification_attempts_bounded", condition=Q(attempts__lte=5)
            ),
            models.CheckConstraint(
                name="verification_expires_after_send",
                condition=Q(expires_at__gt=models.F("sent_at")),
            ),
        ]
        indexes = [models.Index(fields=["email", "purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} {self.email}"
