from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A Centro de Atención Universal (CAU): an IESS service centre."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Centro de Atención Universal")
        MALL = "mall", _("Punto en centro comercial")

    name = models.CharField(_("nombre"), max_length=150, unique=True)
    province = models.ForeignKey(
        "registry.Province",
        verbose_name=_("provincia"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    city = models.CharField(_("ciudad"), max_length=80)
    address = models.CharField(_("dirección"), max_length=250)
    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    is_active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("agencia")
        verbose_name_plural = _("agencias")
        ordering = ["province__name", "name"]
        constraints = [
            models.CheckConstraint(
                name="agency_kind_known", condition=Q(kind__in=["regular", "mall"])
            ),
        ]

    def __str__(self) -> str:
        return self.name
