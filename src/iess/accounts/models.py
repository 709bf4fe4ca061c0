from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffProfile(models.Model):
    """Where a staff member works. Without a province the person acts nationally."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    province = models.ForeignKey(
        "registry.Province",
        verbose_name=_("provincia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Vacío: alcance nacional."),
    )

    class Meta:
        verbose_name = _("perfil de funcionario")
        verbose_name_plural = _("perfiles de funcionarios")

    def __str__(self) -> str:
        return f"{self.user} ({self.province or _('nacional')})"
