from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IssuedDocument(models.Model):
    """A document the institution issued (confirmation, notice, certificate). Its random
    verification code is printed on the PDF and in its QR, and /verificar/<code>/ confirms it."""

    code = models.CharField(_("código de verificación"), max_length=16, unique=True)
    kind = models.CharField(_("tipo"), max_length=40, db_index=True)
    title = models.CharField(_("título"), max_length=200)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    subject_type = models.CharField(_("objeto"), max_length=80, blank=True)
    subject_id = models.CharField(_("id del objeto"), max_length=64, blank=True)
    fields = models.JSONField(_("datos"), default=list)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    issued_at = models.DateTimeField(_("emitido"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("anulado"), null=True, blank=True)

    class Meta:
        verbose_name = _("documento emitido")
        verbose_name_plural = _("documentos emitidos")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                name="document_code_shape", condition=Q(code__regex=r"^[A-Z2-9]{12}$")
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.title} {self.code}"
