import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
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


class ValidityPeriod(models.Model):
    """A value that holds from `valid_from` to `valid_to` (both inclusive; open-ended when
    `valid_to` is empty). Periods of one table never overlap: `clean` says so in the admin and
    the database refuses it (a PostgreSQL exclusion constraint, SQLite triggers)."""

    valid_from = models.DateField(_("vigente desde"))
    valid_to = models.DateField(
        _("vigente hasta"), null=True, blank=True, help_text=_("Vacío: sin fecha de fin.")
    )

    class Meta:
        abstract = True
        ordering = ["-valid_from"]

    def clean(self):
        super().clean()
        if self.valid_from is None:
            return
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValidationError(
                {"valid_to": _("La fecha de fin no puede ser anterior a la de inicio.")}
            )
        overlapping = (
            type(self)
            .objects.exclude(pk=self.pk)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
        )
        if self.valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        if overlapping.exists():
            raise ValidationError(
                _("Las fechas se superponen con otro periodo de vigencia (%(other)s).")
                % {"other": overlapping.first()}
            )


class VoluntaryRate(ValidityPeriod):
    """The rates of the voluntary affiliation (Seguro Voluntario), maintained by an
    administrator with their validity dates."""

    contribution_rate = models.DecimalField(
        _("tasa de aportación"),
        max_digits=6,
        decimal_places=4,
        help_text=_("Fracción de la base declarada: 0.1760 significa 17,60 por ciento."),
    )
    spouse_health_rate = models.DecimalField(
        _("tasa de extensión de salud al cónyuge o conviviente"),
        max_digits=6,
        decimal_places=4,
        help_text=_("Fracción de la base declarada: 0.0341 significa 3,41 por ciento."),
    )

    class Meta(ValidityPeriod.Meta):
        verbose_name = _("tasa de afiliación voluntaria")
        verbose_name_plural = _("tasas de afiliación voluntaria")
        constraints = [
            models.CheckConstraint(
                name="voluntaryrate_period_ordered",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
            ),
            models.CheckConstraint(
                name="voluntaryrate_rates_are_fractions",
                condition=Q(contribution_rate__gt=0, contribution_rate__lt=1)
                & Q(spouse_health_rate__gte=0, spouse_health_rate__lt=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_rate * 100:.2f} % · {self.valid_from} – {self.valid_to or '…'}"


class SalarioBasico(ValidityPeriod):
    """The Salario Básico Unificado (SBU), the floor of every declared base."""

    amount = models.DecimalField(_("valor (USD)"), max_digits=10, decimal_places=2)

    class Meta(ValidityPeriod.Meta):
        verbose_name = _("salario básico unificado")
        verbose_name_plural = _("salarios básicos unificados")
        constraints = [
            models.CheckConstraint(
                name="salariobasico_period_ordered",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
            ),
            models.CheckConstraint(name="salariobasico_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"USD {self.amount} · {self.valid_from} – {self.valid_to or '…'}"


class VoluntaryApplication(models.Model):
    """An AFÍLIATE Ya application in progress: what the person has proved and declared so
    far. Its random id is the only handle the web session and the API client hold."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="voluntary_applications",
    )
    created_at = models.DateTimeField(_("iniciada"), auto_now_add=True)
    birth_date_confirmed = models.BooleanField(_("fecha de nacimiento confirmada"), default=False)
    declared_base = models.DecimalField(
        _("base declarada"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    spouse_cover = models.BooleanField(_("extensión de salud al cónyuge"), default=False)
    mobile = models.CharField(_("celular"), max_length=16, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    email_verification_id = models.UUIDField(_("verificación de correo"), null=True, blank=True)
    email_verified = models.BooleanField(_("correo verificado"), default=False)
    resident_in_ecuador = models.BooleanField(_("reside en el país"), null=True, blank=True)
    residence_country = models.CharField(_("país de residencia"), max_length=3, blank=True)
    address_abroad = models.CharField(_("dirección en el exterior"), max_length=250, blank=True)
    religion = models.CharField(_("religión"), max_length=20, blank=True)
    home_address = models.CharField(_("dirección del domicilio"), max_length=250, blank=True)
    language = models.CharField(_("idioma"), max_length=8, default="es")
    registry_birth_date = models.DateField(
        _("fecha de nacimiento en el Registro Civil"), null=True, blank=True
    )
    voluntary_affiliation = models.OneToOneField(
        "VoluntaryAffiliation",
        verbose_name=_("afiliación registrada"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )

    class Meta:
        verbose_name = _("solicitud de afiliación voluntaria")
        verbose_name_plural = _("solicitudes de afiliación voluntaria")

    def __str__(self) -> str:
        return f"{self.person} {self.created_at:%Y-%m-%d}"


class BirthDateFailure(models.Model):
    """A wrong date of birth typed in AFÍLIATE Ya, counted per person (not per application or
    address) so that guessing a person's date of birth is stopped whatever the attacker
    changes (docs/security.md)."""

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.CASCADE,
        related_name="voluntary_birth_date_failures",
    )
    failed_at = models.DateTimeField(_("fecha del intento"), auto_now_add=True)

    class Meta:
        verbose_name = _("fecha de nacimiento equivocada")
        verbose_name_plural = _("fechas de nacimiento equivocadas")
        indexes = [models.Index(fields=["person", "failed_at"], name="birthdatefailure_recent")]

    def __str__(self) -> str:
        return f"{self.person} {self.failed_at:%Y-%m-%d %H:%M}"


class Religion(models.TextChoices):
    CATHOLIC = "catholic", _("Católica")
    EVANGELICAL = "evangelical", _("Evangélica / cristiana")
    OTHER_CHRISTIAN = "other_christian", _("Otra cristiana")
    JEWISH = "jewish", _("Judía")
    MUSLIM = "muslim", _("Musulmana")
    INDIGENOUS = "indigenous", _("Espiritualidad ancestral")
    OTHER = "other", _("Otra")
    NONE = "none", _("Ninguna")
    UNDISCLOSED = "undisclosed", _("Prefiero no decirlo")


class VoluntaryAffiliation(models.Model):
    """The voluntary-affiliation details of an `Affiliation` of kind voluntary."""

    affiliation = models.OneToOneField(
        Affiliation,
        verbose_name=_("afiliación"),
        on_delete=models.PROTECT,
        related_name="voluntary",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        related_name="voluntary_affiliations",
    )
    declared_base = models.DecimalField(_("base declarada"), max_digits=10, decimal_places=2)
    spouse_cover = models.BooleanField(_("extensión de salud al cónyuge"), default=False)
    mobile = models.CharField(_("celular"), max_length=16)
    email = models.EmailField(_("correo electrónico"))
    resident_in_ecuador = models.BooleanField(_("reside en el país"))
    residence_country = models.CharField(_("país de residencia"), max_length=3)
    address_abroad = models.CharField(_("dirección en el exterior"), max_length=250, blank=True)
    religion = models.CharField(_("religión"), max_length=20, choices=Religion.choices)
    home_address = models.CharField(_("dirección del domicilio"), max_length=250)
    terms_accepted_at = models.DateTimeField(_("términos aceptados"))
    language = models.CharField(_("idioma"), max_length=8, default="es")
    idempotency_key = models.CharField(_("clave de idempotencia"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)
    notice_attempts = models.PositiveSmallIntegerField(_("intentos de envío del aviso"), default=0)
    notice_last_attempt_at = models.DateTimeField(_("último intento"), null=True, blank=True)
    notice_last_error = models.CharField(_("último error"), max_length=500, blank=True)
    notice_emailed_at = models.DateTimeField(_("aviso enviado"), null=True, blank=True)

    class Meta:
        verbose_name = _("afiliación voluntaria")
        verbose_name_plural = _("afiliaciones voluntarias")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="voluntary_base_positive", condition=Q(declared_base__gt=0)
            ),
            models.CheckConstraint(
                name="voluntary_abroad_has_country",
                condition=Q(resident_in_ecuador=True, residence_country="ECU")
                | (Q(resident_in_ecuador=False) & ~Q(residence_country="ECU")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · USD {self.declared_base}"


class VoluntaryBaseChange(models.Model):
    """A new declared base, in force from the first day of a month."""

    voluntary = models.ForeignKey(
        VoluntaryAffiliation,
        verbose_name=_("afiliación voluntaria"),
        on_delete=models.PROTECT,
        related_name="base_changes",
    )
    declared_base = models.DecimalField(_("nueva base declarada"), max_digits=10, decimal_places=2)
    effective_from = models.DateField(_("vigente desde"))
    requested_at = models.DateTimeField(_("solicitado"), auto_now=True)

    class Meta:
        verbose_name = _("cambio de base declarada")
        verbose_name_plural = _("cambios de base declarada")
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                name="basechange_one_per_month", fields=["voluntary", "effective_from"]
            ),
            models.CheckConstraint(
                name="basechange_first_of_month", condition=Q(effective_from__day=1)
            ),
            models.CheckConstraint(
                name="basechange_base_positive", condition=Q(declared_base__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voluntary} → USD {self.declared_base} ({self.effective_from})"


class VoluntaryObligation(models.Model):
    """The monthly bill of a voluntary affiliate, due on the 15th of the following month."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        PAID = "paid", _("Pagada")

    voluntary = models.ForeignKey(
        VoluntaryAffiliation,
        verbose_name=_("afiliación voluntaria"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    month = models.DateField(_("mes"), help_text=_("Primer día del mes que cubre."))
    declared_base = models.DecimalField(_("base declarada"), max_digits=10, decimal_places=2)
    contribution_rate = models.DecimalField(_("tasa de aportación"), max_digits=6, decimal_places=4)
    contribution_amount = models.DecimalField(_("aporte"), max_digits=10, decimal_places=2)
    spouse_amount = models.DecimalField(
        _("extensión de salud al cónyuge"), max_digits=10, decimal_places=2
    )
    total = models.DecimalField(_("total a pagar"), max_digits=10, decimal_places=2)
    due_date = models.DateField(_("fecha de vencimiento"))
    status = models.CharField(
        _("estado"), max_length=8, choices=Status.choices, default=Status.PENDING
    )

    class Meta:
        verbose_name = _("obligación mensual")
        verbose_name_plural = _("obligaciones mensuales")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(name="obligation_one_per_month", fields=["voluntary", "month"]),
            models.CheckConstraint(name="obligation_month_first_day", condition=Q(month__day=1)),
            models.CheckConstraint(
                name="obligation_due_after_month", condition=Q(due_date__gt=F("month"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voluntary.person} {self.month:%Y-%m} USD {self.total}"


class ForeignerCodeRequest(models.Model):
    """A request for an IESS foreigner identification code for an independent worker
    (sheet 01), recorded by the clerk who attends the turn. Through an apoderado, the
    notarial power must first be validated and initialled by the provincial legal unit."""

    class Status(models.TextChoices):
        AWAITING_LEGAL = "awaiting_legal", _("Poder notarial en revisión jurídica")
        READY = "ready", _("Lista para emitir")
        POWER_REJECTED = "power_rejected", _("Poder notarial rechazado")
        ISSUED = "issued", _("Código emitido")

    status = models.CharField(_("estado"), max_length=16, choices=Status.choices)
    province = models.ForeignKey(
        "registry.Province", verbose_name=_("provincia"), on_delete=models.PROTECT
    )
    ticket = models.ForeignKey(
        "appointments.Ticket",
        verbose_name=_("turno"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("solicitante"),
        on_delete=models.PROTECT,
        related_name="foreigner_code_requests",
    )
    first_names = models.CharField(_("nombres"), max_length=120)
    last_names = models.CharField(_("apellidos"), max_length=120)
    nationality = models.CharField(_("nacionalidad"), max_length=3)
    passport_number = models.CharField(_("pasaporte"), max_length=20, blank=True)
    visa_number = models.CharField(_("visa"), max_length=30, blank=True)
    ruc = models.CharField(_("RUC"), max_length=13)
    narrative = models.TextField(_("narración de la solicitud"))
    signed_by_hand = models.BooleanField(_("firma manuscrita del solicitante"), default=False)
    identity_document_seen = models.BooleanField(
        _("documento de identidad original y copia revisados"), default=False
    )
    proxy_names = models.CharField(_("nombres del apoderado"), max_length=250, blank=True)
    proxy_identity = models.CharField(_("identificación del apoderado"), max_length=20, blank=True)
    power_notary = models.CharField(_("notaría del poder"), max_length=200, blank=True)
    power_reference = models.CharField(
        _("número o fecha del poder notarial"), max_length=120, blank=True
    )
    power_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revisado por (asesoría jurídica)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    power_decided_at = models.DateTimeField(
        _("fecha de la revisión jurídica"), null=True, blank=True
    )
    power_reason = models.TextField(_("observación jurídica"), blank=True)
    foreigner_code = models.CharField(_("código asignado"), max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrada por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("emitida por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("emitida"), null=True, blank=True)

    class Meta:
        verbose_name = _("solicitud de código de extranjero")
        verbose_name_plural = _("solicitudes de código de extranjero")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="foreignercode_status_known",
                condition=Q(status__in=["awaiting_legal", "ready", "power_rejected", "issued"]),
            ),
            models.CheckConstraint(
                name="foreignercode_has_document",
                condition=~Q(passport_number="") | ~Q(visa_number=""),
            ),
            models.CheckConstraint(
                name="foreignercode_signed_and_seen",
                condition=Q(signed_by_hand=True, identity_document_seen=True),
            ),
            models.CheckConstraint(
                name="foreignercode_issued_has_code",
                condition=~Q(status="issued") | ~Q(foreigner_code=""),
            ),
            models.CheckConstraint(
                name="foreignercode_legal_gate",
                condition=Q(proxy_names="")
                | Q(status="awaiting_legal")
                | Q(power_decided_at__isnull=False),
            ),
            models.UniqueConstraint(
                name="foreignercode_one_open_per_person",
                fields=["person"],
                condition=Q(status__in=["awaiting_legal", "ready"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_names} {self.last_names} · {self.get_status_display()}"

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}"

    @property
    def through_proxy(self) -> bool:
        return bool(self.proxy_names)


class NonAffiliationRequest(models.Model):
    """A request for the certificate of non-affiliation for a foreigner (sheet 02) and its
    outcome: issued, or refused with the reason the records gave."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Certificado emitido")
        REFUSED = "refused", _("Negado")

    status = models.CharField(_("estado"), max_length=8, choices=Status.choices)
    refusal_reason = models.TextField(_("motivo de la negativa"), blank=True)
    province = models.ForeignKey(
        "registry.Province", verbose_name=_("provincia"), on_delete=models.PROTECT
    )
    ticket = models.ForeignKey(
        "appointments.Ticket",
        verbose_name=_("turno"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_names = models.CharField(_("nombres"), max_length=120)
    last_names = models.CharField(_("apellidos"), max_length=120)
    nationality = models.CharField(_("nacionalidad"), max_length=3)
    passport_number = models.CharField(_("pasaporte"), max_length=20)
    visa_number = models.CharField(_("visa"), max_length=30)
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono de contacto"), max_length=16)
    address = models.CharField(_("dirección"), max_length=250)
    letter_signed_by_hand = models.BooleanField(
        _("carta al Director Provincial firmada de forma manuscrita"), default=False
    )
    passport_and_visa_seen = models.BooleanField(
        _("pasaporte y visa originales revisados"), default=False
    )
    third_party_names = models.CharField(_("nombres del tercero"), max_length=250, blank=True)
    third_party_identity = models.CharField(
        _("cédula o código del tercero"), max_length=10, blank=True
    )
    authorisation_narrative = models.TextField(_("narración de la autorización"), blank=True)
    authorisation_signed_by_hand = models.BooleanField(
        _("autorización firmada de forma manuscrita"), default=False
    )
    third_party_documents_seen = models.BooleanField(
        _("pasaporte del titular (original y copia) y documento del tercero revisados"),
        default=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("atendida por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        verbose_name = _("solicitud de certificado de no afiliación")
        verbose_name_plural = _("solicitudes de certificado de no afiliación")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="nonaffiliation_status_known", condition=Q(status__in=["issued", "refused"])
            ),
            models.CheckConstraint(
                name="nonaffiliation_refusal_has_reason",
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
            ),
            models.CheckConstraint(
                name="nonaffiliation_requirements_seen",
                condition=Q(letter_signed_by_hand=True, passport_and_visa_seen=True),
            ),
            models.CheckConstraint(
                name="nonaffiliation_third_party_authorised",
                condition=Q(third_party_names="")
                | (
                    ~Q(third_party_identity="")
                    & ~Q(authorisation_narrative="")
                    & Q(authorisation_signed_by_hand=True, third_party_documents_seen=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_names} {self.last_names} · {self.get_status_display()}"

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}"
