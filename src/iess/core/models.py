from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One staff write: who, what, when, before and after. Rows are never changed or deleted;
    database triggers (migration 0002) refuse UPDATE and DELETE on both databases."""

    at = models.DateTimeField(_("fecha y hora"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("funcionario"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    actor_label = models.CharField(_("funcionario (texto)"), max_length=150)
    action = models.CharField(_("acción"), max_length=80)
    object_type = models.CharField(_("tipo de objeto"), max_length=80)
    object_id = models.CharField(_("id del objeto"), max_length=64, blank=True)
    before = models.JSONField(_("antes"), null=True, blank=True)
    after = models.JSONField(_("después"), null=True, blank=True)
    reason = models.TextField(_("motivo"), blank=True)

    class Meta:
        verbose_name = _("registro de auditoría")
        verbose_name_plural = _("registros de auditoría")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"
