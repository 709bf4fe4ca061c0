from django.conf import settings
from django.db import models
from django.db.models import F, Q
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


class ProcedureType(models.Model):
    """A counter procedure a person can book a turn for (the sheet's 'tipo de trámite')."""

    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    name = models.CharField(_("nombre en el turnero"), max_length=200)
    is_active = models.BooleanField(_("activo"), default=True)

    class Meta:
        verbose_name = _("tipo de trámite")
        verbose_name_plural = _("tipos de trámite")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """When an agency is open on one weekday. A weekday without a row is closed; an agency
    without any row keeps the default hours of its kind (see rules.default_hours)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agencia"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(
        _("día"),
        choices=[
            (0, _("lunes")),
            (1, _("martes")),
            (2, _("miércoles")),
            (3, _("jueves")),
            (4, _("viernes")),
            (5, _("sábado")),
            (6, _("domingo")),
        ],
    )
    opens = models.TimeField(_("abre"))
    closes = models.TimeField(_("cierra"))

    class Meta:
        verbose_name = _("horario de atención")
        verbose_name_plural = _("horarios de atención")
        ordering = ["agency", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "weekday"], name="hours_one_per_weekday"),
            models.CheckConstraint(name="hours_weekday_range", condition=Q(weekday__lte=6)),
            models.CheckConstraint(
                name="hours_open_before_close", condition=Q(opens__lt=F("closes"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Holiday(models.Model):
    """A day without attention: national (no agency) or a closure of one agency."""

    date = models.DateField(_("fecha"))
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agencia"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        help_text=_("Vacío: feriado nacional."),
    )
    name = models.CharField(_("motivo"), max_length=150)

    class Meta:
        verbose_name = _("feriado o cierre")
        verbose_name_plural = _("feriados y cierres")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(agency__isnull=True), name="holiday_national_once"
            ),
            models.UniqueConstraint(
                fields=["date", "agency"],
                condition=Q(agency__isnull=False),
                name="holiday_agency_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class AgencyService(models.Model):
    """A procedure an agency offers: how many counters serve it and how long a turn lasts."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agencia"), on_delete=models.CASCADE, related_name="services"
    )
    procedure = models.ForeignKey(
        ProcedureType, verbose_name=_("trámite"), on_delete=models.PROTECT, related_name="+"
    )
    counters = models.PositiveSmallIntegerField(_("ventanillas"), default=1)
    slot_minutes = models.PositiveSmallIntegerField(_("duración del turno (minutos)"), default=20)
    is_active = models.BooleanField(_("activo"), default=True)

    class Meta:
        verbose_name = _("trámite ofrecido")
        verbose_name_plural = _("trámites ofrecidos")
        constraints = [
            models.UniqueConstraint(fields=["agency", "procedure"], name="service_once_per_agency"),
            models.CheckConstraint(name="service_counters_positive", condition=Q(counters__gte=1)),
            models.CheckConstraint(
                name="service_slot_length_sane",
                condition=Q(slot_minutes__gte=5) & Q(slot_minutes__lte=240),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.procedure}"


class Slot(models.Model):
    """One bookable time of one procedure at one agency. The row is created the first time
    somebody books it; `booked` only moves through conditional UPDATEs, and the database
    refuses `booked > capacity` whatever the code does."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="slots")
    procedure = models.ForeignKey(ProcedureType, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("inicio"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveSmallIntegerField(_("capacidad"))
    booked = models.PositiveSmallIntegerField(_("reservados"), default=0)

    class Meta:
        verbose_name = _("espacio")
        verbose_name_plural = _("espacios")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "starts_at"], name="slot_unique_time"
            ),
            models.CheckConstraint(
                name="slot_never_overbooked",
                condition=Q(booked__gte=0) & Q(booked__lte=F("capacity")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.procedure} {self.starts_at:%Y-%m-%d %H:%M}"


ACTIVE_STATUSES = ["booked", "checked_in"]


class Appointment(models.Model):
    """A turno en línea. `booked_by` is the verified person who comes to the counter; the
    holder is the person the procedure is for (the same one unless booked by an apoderado)."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Reservado")
        CHECKED_IN = "checked_in", _("En espera (registrado)")
        ATTENDED = "attended", _("Atendido")
        NO_SHOW = "no_show", _("No se presentó")
        CANCELLED = "cancelled", _("Cancelado")

    code = models.CharField(_("código del turno"), max_length=10, unique=True)
    procedure = models.ForeignKey(
        ProcedureType, verbose_name=_("trámite"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agencia"), on_delete=models.PROTECT, related_name="appointments"
    )
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField(_("fecha y hora"), db_index=True)
    booked_by = models.ForeignKey(
        "registry.Person",
        verbose_name=_("reservado por"),
        on_delete=models.PROTECT,
        related_name="appointments_booked",
    )
    holder = models.ForeignKey(
        "registry.Person",
        verbose_name=_("titular"),
        on_delete=models.PROTECT,
        related_name="appointments_held",
        null=True,
        blank=True,
    )
    holder_key = models.CharField(_("identificación del titular"), max_length=40)
    holder_name = models.CharField(_("nombre del titular"), max_length=250)
    is_proxy = models.BooleanField(_("reservado por apoderado o tercero"), default=False)
    email = models.EmailField(_("correo electrónico"))
    mobile = models.CharField(_("celular"), max_length=16)
    status = models.CharField(
        _("estado"), max_length=12, choices=Status.choices, default=Status.BOOKED
    )
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelado"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("registrado en el centro"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("recordatorio enviado"), null=True, blank=True)
    affected_at = models.DateTimeField(_("afectado por un cambio"), null=True, blank=True)
    affected_reason = models.CharField(_("cambio que lo afecta"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("turno")
        verbose_name_plural = _("turnos")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder_key", "procedure"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="appointment_one_active_per_holder_procedure",
            ),
            models.CheckConstraint(
                name="appointment_status_known",
                condition=Q(
                    status__in=["booked", "checked_in", "attended", "no_show", "cancelled"]
                ),
            ),
            models.CheckConstraint(
                name="appointment_code_shape", condition=Q(code__regex=r"^[A-Z2-9]{8}$")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.holder_name}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class AgencyMembership(models.Model):
    """The agency where a staff member works: they see and act only on its queue."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("funcionario"),
        on_delete=models.CASCADE,
        related_name="agency_membership",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agencia"), on_delete=models.PROTECT, related_name="staff"
    )

    class Meta:
        verbose_name = _("funcionario de agencia")
        verbose_name_plural = _("funcionarios de agencia")

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency}"


class Ticket(models.Model):
    """A place in an agency's waiting queue: a checked-in appointment or a walk-in turn."""

    class Kind(models.TextChoices):
        APPOINTMENT = "appointment", _("Turno en línea")
        WALK_IN = "walk_in", _("Turno presencial")

    class Priority(models.TextChoices):
        NONE = "", _("Sin prioridad")
        OLDER_ADULT = "older_adult", _("Persona adulta mayor")
        DISABILITY = "disability", _("Persona con discapacidad")
        PREGNANT = "pregnant", _("Mujer embarazada")

    class Status(models.TextChoices):
        WAITING = "waiting", _("En espera")
        CALLED = "called", _("Llamado")
        ATTENDED = "attended", _("Atendido")
        NO_SHOW = "no_show", _("No se presentó")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="tickets")
    procedure = models.ForeignKey(
        ProcedureType, verbose_name=_("trámite"), on_delete=models.PROTECT, related_name="+"
    )
    service_day = models.DateField(_("día"))
    number = models.CharField(_("número"), max_length=8)
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    priority = models.CharField(
        _("prioridad"), max_length=12, choices=Priority.choices, blank=True, default=""
    )
    is_priority = models.BooleanField(default=False)
    appointment = models.OneToOneField(
        Appointment, on_delete=models.PROTECT, null=True, blank=True, related_name="ticket"
    )
    booked_start = models.DateTimeField(null=True, blank=True)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("nombre"), max_length=250, blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    issued_at = models.DateTimeField(_("emitido"))
    counter = models.PositiveSmallIntegerField(_("ventanilla"), null=True, blank=True)
    called_at = models.DateTimeField(_("llamado"), null=True, blank=True)
    call_count = models.PositiveSmallIntegerField(default=0)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(_("terminado"), null=True, blank=True)
    outcome = models.CharField(_("resultado"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("ficha de atención")
        verbose_name_plural = _("fichas de atención")
        ordering = ["service_day", "issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "service_day", "number"], name="ticket_number_unique_per_day"
            ),
            models.CheckConstraint(
                name="ticket_called_has_counter",
                condition=~Q(status="called") | Q(counter__isnull=False),
            ),
            models.CheckConstraint(
                name="ticket_priority_flag_matches",
                condition=Q(
                    is_priority=True, priority__in=["older_adult", "disability", "pregnant"]
                )
                | Q(is_priority=False, priority=""),
            ),
        ]
        indexes = [models.Index(fields=["agency", "service_day", "status"])]

    def __str__(self) -> str:
        return self.number
