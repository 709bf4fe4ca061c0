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


class PortalAccount(models.Model):
    """The portal credentials of a person (clave de afiliado): a Django user whose username is
    the person's cédula or foreigner identification code."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usuario"),
        on_delete=models.CASCADE,
        related_name="portal_account",
    )
    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="portal_account",
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    class Meta:
        verbose_name = _("cuenta del portal")
        verbose_name_plural = _("cuentas del portal")

    def __str__(self) -> str:
        return str(self.person)
