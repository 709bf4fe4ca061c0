from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Affiliation(models.Model):
    """A period during which a person is insured: as an employee of an employer, as a
    voluntary affiliate, or as an independent worker."""

    class Kind(models.TextChoices):
        EMPLOYEE = "employee", _("Relación de dependencia")
        VOLUNTARY = "voluntary", _("Afiliación voluntaria")
        INDEPENDENT = "independent", _("Trabajador independiente")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Activa")
        ENDED = "ended", _("Terminada")

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    employer = models.ForeignKey(
        "registry.Employer",
        verbose_name=_("empleador"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliations",
    )
    start_date = models.DateField(_("fecha de inicio"))
    end_date = models.DateField(_("fecha de fin"), null=True, blank=True)
    status = models.CharField(
        _("estado"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        verbose_name = _("afiliación")
        verbose_name_plural = _("afiliaciones")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                name="affiliation_employee_has_employer",
                condition=~Q(kind="employee") | Q(employer__isnull=False),
            ),
            models.CheckConstraint(
                name="affiliation_ends_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
            models.CheckConstraint(
                name="affiliation_active_has_no_end",
                condition=~Q(status="active") | Q(end_date__isnull=True),
            ),
            models.CheckConstraint(
                name="affiliation_kind_known",
                condition=Q(kind__in=["employee", "voluntary", "independent"]),
            ),
            models.UniqueConstraint(
                name="affiliation_one_active_voluntary_per_person",
                fields=["person"],
                condition=Q(kind="voluntary", status="active"),
            ),
            models.UniqueConstraint(
                name="affiliation_one_active_per_employer",
                fields=["person", "employer"],
                condition=Q(kind="employee", status="active"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()} · {self.start_date}"


class Contribution(models.Model):
    """One month's contribution (aporte) of an affiliation."""

    affiliation = models.ForeignKey(
        Affiliation,
        verbose_name=_("afiliación"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    employer = models.ForeignKey(
        "registry.Employer",
        verbose_name=_("empleador"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    month = models.DateField(_("mes"), help_text=_("Primer día del mes aportado."))
    base = models.DecimalField(_("base de aportación"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("valor aportado"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("aporte")
        verbose_name_plural = _("aportes")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                name="contribution_one_per_month", fields=["affiliation", "month"]
            ),
            models.CheckConstraint(name="contribution_month_first_day", condition=Q(month__day=1)),
            models.CheckConstraint(name="contribution_base_positive", condition=Q(base__gt=0)),
            models.CheckConstraint(
                name="contribution_amount_not_negative", condition=Q(amount__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m} {self.amount}"


class EmploymentRecord(models.Model):
    """A job in the person's employment history (historia laboral)."""

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="employment_records",
    )
    employer = models.ForeignKey(
        "registry.Employer",
        verbose_name=_("empleador"),
        on_delete=models.PROTECT,
        related_name="employment_records",
    )
    start_date = models.DateField(_("ingreso"))
    end_date = models.DateField(_("salida"), null=True, blank=True)

    class Meta:
        verbose_name = _("registro laboral")
        verbose_name_plural = _("historia laboral")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                name="employment_ends_after_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.employer} {self.start_date}"


class Retirement(models.Model):
    """A person who receives a retirement pension (jubilado)."""

    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="retirement",
    )
    since = models.DateField(_("jubilado desde"))

    class Meta:
        verbose_name = _("jubilación")
        verbose_name_plural = _("jubilaciones")

    def __str__(self) -> str:
        return f"{self.person} ({self.since})"
