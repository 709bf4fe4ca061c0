"""The procedure catalog: the official sheets, their historical transparency figures, and the
system's own attentions and complaints that extend those figures month by month.

The structured sections of a sheet (requirements, steps, legal basis) are kept as JSON exactly
as the data files give them: the pages and the API show them as a whole and never query inside
them. What is queried (search, audience and channel filters, months) has its own columns.
"""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    NATURAL_ECUADORIAN = "persona-natural-ecuatoriana", _("Persona Natural - Ecuatoriana")
    NATURAL_FOREIGN = "persona-natural-extranjera", _("Persona Natural - Extranjera")
    LEGAL_PRIVATE = "persona-juridica-privada", _("Persona Jurídica - Privada")
    LEGAL_PUBLIC = "persona-juridica-publica", _("Persona Jurídica - Pública")


class Channel(models.TextChoices):
    COUNTER = "counter", _("Presencial")
    ONLINE = "online", _("En línea")


REQUIREMENT_KINDS = ("general", "specific", "alternative", "additional")


def _language_is_english() -> bool:
    return (get_language() or "").startswith("en")


class Procedure(models.Model):
    slug = models.SlugField(_("identificador"), max_length=80, unique=True)
    number = models.PositiveSmallIntegerField(_("número de ficha"), unique=True)
    source_file = models.CharField(_("ficha de origen"), max_length=120)
    name = models.CharField(_("nombre del trámite"), max_length=300)
    name_en = models.CharField(_("nombre en inglés"), max_length=300)
    institution = models.CharField(_("institución"), max_length=200)
    description = models.TextField(_("descripción"))
    description_en = models.TextField(_("descripción en inglés"))
    audience = models.TextField(_("¿A quién está dirigido?"))
    directed_to = models.JSONField(_("dirigido a"), default=list)
    audience_keys = models.JSONField(_("claves de público"), default=list)
    result_type = models.CharField(_("tipo de resultado"), max_length=200)
    results = models.JSONField(_("resultados"), default=list)
    requirements = models.JSONField(_("requisitos"), default=dict)
    steps = models.JSONField(_("pasos"), default=list)
    channels = models.JSONField(_("canales de atención"), default=list)
    channel_keys = models.JSONField(_("claves de canal"), default=list)
    needs_appointment = models.BooleanField(_("requiere turno"), default=False)
    cost = models.CharField(_("costo"), max_length=300)
    hours = models.TextField(_("horario de atención"))
    legal_basis = models.JSONField(_("base legal"), default=list, blank=True)
    contact_office = models.CharField(_("funcionario/dependencia"), max_length=200)
    contact_email = models.CharField(_("correo electrónico"), max_length=200, blank=True)
    contact_phone = models.CharField(_("teléfono"), max_length=50, blank=True)
    # Lower-case text without accents of the names and descriptions, filled by the loader with
    # unicodedata, so "afiliacion" finds "AFILIACIÓN" on SQLite and PostgreSQL alike.
    search_text = models.TextField(_("texto de búsqueda"), editable=False)
    # " audience:<key> ... channel:<key> " so both filters are a portable substring match.
    facets = models.CharField(_("facetas"), max_length=400, editable=False)
    loaded_at = models.DateTimeField(_("cargado"), auto_now=True)

    class Meta:
        verbose_name = _("trámite")
        verbose_name_plural = _("trámites")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="procedure_number_gte_1"
            ),
            models.CheckConstraint(
                condition=~models.Q(name="") & ~models.Q(description=""),
                name="procedure_name_and_description_present",
            ),
            models.CheckConstraint(condition=~models.Q(facets=""), name="procedure_facets_present"),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d} · {self.name}"

    @property
    def localized_name(self) -> str:
        return self.name_en if _language_is_english() else self.name

    @property
    def localized_description(self) -> str:
        return self.description_en if _language_is_english() else self.description

    def requirement_sections(self) -> list[tuple[str, list]]:
        return [(kind, self.requirements.get(kind) or []) for kind in REQUIREMENT_KINDS]


class LoaderWarning(models.Model):
    """A defect of a published sheet found by `catalog_load` (misspelt domain, missing e-mail,
    empty legal basis...). Kept so staff can see and report it; replaced at every load."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("trámite"), on_delete=models.CASCADE, related_name="warnings"
    )
    rule = models.CharField(_("regla"), max_length=60)
    field = models.CharField(_("campo"), max_length=120)
    message = models.TextField(_("mensaje"))

    class Meta:
        verbose_name = _("advertencia de carga")
        verbose_name_plural = _("advertencias de carga")
        ordering = ["procedure__number", "id"]

    def __str__(self) -> str:
        return f"{self.procedure.slug}: {self.message}"


class TransparencyRecord(models.Model):
    """One monthly row of a sheet's published "Transparencia" table."""

    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("trámite"),
        on_delete=models.CASCADE,
        related_name="transparency_records",
    )
    year = models.PositiveSmallIntegerField(_("año"))
    month = models.PositiveSmallIntegerField(_("mes"))
    complaints = models.PositiveIntegerField(_("volumen de quejas"))
    attentions = models.PositiveIntegerField(_("volumen de atenciones"))

    class Meta:
        verbose_name = _("registro histórico de transparencia")
        verbose_name_plural = _("registros históricos de transparencia")
        ordering = ["procedure", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "year", "month"], name="transparency_one_row_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="transparency_month_1_12"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="transparency_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.slug} {self.year}-{self.month:02d}"


class Attention(models.Model):
    """A completed service, recorded by the feature that completed it."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("trámite"), on_delete=models.PROTECT, related_name="attentions"
    )
    at = models.DateTimeField(_("fecha y hora"), db_index=True)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    agency = models.CharField(_("agencia"), max_length=200, blank=True)
    # Idempotency key of the caller (e.g. "booking:123"); a retried call finds the same row.
    reference = models.CharField(_("referencia"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("atención")
        verbose_name_plural = _("atenciones")
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="attention_reference_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=[choice.value for choice in Channel]),
                name="attention_channel_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.slug} {self.at:%Y-%m-%d} {self.channel}"


class ComplaintCategory(models.TextChoices):
    SERVICE = "service", _("Atención recibida")
    DELAY = "delay", _("Demora en el trámite")
    REQUIREMENTS = "requirements", _("Requisitos o información incorrecta")
    ONLINE = "online", _("Falla del servicio en línea")
    CONDUCT = "conduct", _("Trato del personal")
    OTHER = "other", _("Otro")


COMPLAINT_TEXT_MAX = 2000


class Complaint(models.Model):
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("trámite"), on_delete=models.PROTECT, related_name="complaints"
    )
    filed_at = models.DateTimeField(_("fecha de registro"), auto_now_add=True, db_index=True)
    identity_kind = models.CharField(_("tipo de identificación"), max_length=20)
    identity_number = models.CharField(_("identificación"), max_length=20)
    full_name = models.CharField(_("nombres y apellidos"), max_length=200)
    email = models.EmailField(_("correo electrónico"))
    mobile = models.CharField(_("celular"), max_length=20, blank=True)
    category = models.CharField(_("categoría"), max_length=20, choices=ComplaintCategory.choices)
    text = models.TextField(_("detalle"), max_length=COMPLAINT_TEXT_MAX)
    # Empty only for complaints filed before the form asked for it; staff outside the capital
    # see only their province's complaints.
    province = models.ForeignKey(
        "registry.Province",
        verbose_name=_("provincia"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    # The form's one-time key: a doubled or retried submission returns the first complaint.
    idempotency_key = models.CharField(
        _("clave de idempotencia"), max_length=64, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("queja")
        verbose_name_plural = _("quejas")
        ordering = ["-filed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(identity_kind__in=["cedula", "foreigner_code"]),
                name="complaint_identity_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=[choice.value for choice in ComplaintCategory]),
                name="complaint_category_valid",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("text"), 1), name="complaint_text_present"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), COMPLAINT_TEXT_MAX),
                name="complaint_text_max_length",
            ),
            models.CheckConstraint(
                condition=~models.Q(full_name="") & ~models.Q(email=""),
                name="complaint_name_and_email_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.procedure.slug}"

    @property
    def reference(self) -> str:
        return f"Q-{self.pk:06d}" if self.pk else ""
