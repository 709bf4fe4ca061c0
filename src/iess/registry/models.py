import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iess.registry import validators


class Province(models.Model):
    """One of Ecuador's 24 provinces; the code is the one the cédula starts with."""

    code = models.CharField(_("código"), max_length=2, primary_key=True)
    name = models.CharField(_("nombre"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("provincia")
        verbose_name_plural = _("provincias")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A natural person: an Ecuadorian by cédula, or a foreigner by passport and nationality,
    or by visa and nationality when they have no passport (sheet 01's alternative
    requirement); a foreigner may also hold an IESS foreigner identification code."""

    cedula = models.CharField(
        _("cédula"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validators.cedula_validate],
    )
    passport_number = models.CharField(_("pasaporte"), max_length=20, blank=True)
    nationality = models.CharField(
        _("nacionalidad (ISO 3166 alfa-3)"),
        max_length=3,
        default="ECU",
        validators=[validators.country_validate],
    )
    visa_number = models.CharField(_("visa"), max_length=30, blank=True)
    foreigner_code = models.CharField(
        _("código de identificación para extranjero"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validators.foreigner_code_validate],
    )
    first_names = models.CharField(_("nombres"), max_length=120)
    last_names = models.CharField(_("apellidos"), max_length=120)
    birth_date = models.DateField(_("fecha de nacimiento"))
    email = models.EmailField(_("correo electrónico"), blank=True)
    mobile = models.CharField(
        _("celular"), max_length=16, blank=True, validators=[validators.mobile_validate]
    )
    landline = models.CharField(_("teléfono fijo"), max_length=16, blank=True)
    address = models.CharField(_("dirección"), max_length=250, blank=True)
    province = models.ForeignKey(
        Province, verbose_name=_("provincia"), on_delete=models.PROTECT, null=True, blank=True
    )
    has_disability = models.BooleanField(_("persona con discapacidad"), default=False)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["last_names", "first_names"]
        constraints = [
            models.CheckConstraint(
                name="person_has_identity_document",
                condition=Q(cedula__isnull=False) | ~Q(passport_number="") | ~Q(visa_number=""),
            ),
            models.UniqueConstraint(
                name="person_unique_passport",
                fields=["nationality", "passport_number"],
                condition=~Q(passport_number=""),
            ),
            # A person without a passport is known by the visa instead, so the visa must name
            # one person; people with a passport may repeat a visa number, as before.
            models.UniqueConstraint(
                name="person_unique_visa_without_passport",
                fields=["nationality", "visa_number"],
                condition=Q(passport_number="") & ~Q(visa_number=""),
            ),
            models.CheckConstraint(
                name="person_cedula_ten_digits",
                condition=Q(cedula__isnull=True) | Q(cedula__regex=r"^[0-9]{10}$"),
            ),
            models.CheckConstraint(
                name="person_foreigner_code_shape",
                condition=Q(foreigner_code__isnull=True) | Q(foreigner_code__regex=r"^EX[0-9]{8}$"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.identity_label})"

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}"

    @property
    def identity_number(self) -> str:
        return self.cedula or self.foreigner_code or self.passport_number or self.visa_number

    @property
    def identity_label(self) -> str:
        if self.cedula:
            return self.cedula
        if self.foreigner_code:
            return self.foreigner_code
        if self.passport_number:
            return f"{self.nationality} {self.passport_number}"
        return gettext("%(nationality)s visa %(visa)s") % {
            "nationality": self.nationality,
            "visa": self.visa_number,
        }

    @property
    def is_foreigner(self) -> bool:
        return self.nationality != "ECU"

    def age_on(self, day: datetime.date) -> int:
        """Completed years on `day`: a birthday counts from the day itself (29 February
        birthdays from 1 March in common years)."""
        birth = self.birth_date
        return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class Employer(models.Model):
    class Sector(models.TextChoices):
        PRIVATE = "private", _("Privado")
        PUBLIC = "public", _("Público")
        DOMESTIC = "domestic", _("Trabajo doméstico")
        ARTISAN = "artisan", _("Artesano calificado")

    ruc = models.CharField(
        _("RUC"), max_length=13, unique=True, validators=[validators.ruc_validate]
    )
    legal_name = models.CharField(_("razón social"), max_length=200)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    legal_representative = models.ForeignKey(
        Person,
        verbose_name=_("representante legal"),
        on_delete=models.PROTECT,
        related_name="represented_employers",
        null=True,
        blank=True,
    )
    email = models.EmailField(_("correo electrónico"), blank=True)
    province = models.ForeignKey(
        Province, verbose_name=_("provincia"), on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)

    class Meta:
        verbose_name = _("empleador")
        verbose_name_plural = _("empleadores")
        ordering = ["legal_name"]
        constraints = [
            models.CheckConstraint(
                name="employer_ruc_thirteen_digits", condition=Q(ruc__regex=r"^[0-9]{13}$")
            ),
            models.CheckConstraint(
                name="employer_sector_known",
                condition=Q(sector__in=["private", "public", "domestic", "artisan"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.ruc})"


class EmployerRegistration(models.Model):
    """The employer's online registration ("registro de empleador"): who represents it, how the
    representative identifies, the verified email and, for qualified artisans, their
    Calificación Artesanal. One per employer; the email verification it consumed is its
    idempotency key, so a repeated submission returns the same registration."""

    class RepresentativeDocument(models.TextChoices):
        CEDULA = "cedula", _("Cédula")
        FOREIGNER_CODE = "foreigner_code", _("Código de identificación para extranjeros")
        PASSPORT = "passport", _("Pasaporte")

    employer = models.OneToOneField(
        Employer,
        verbose_name=_("empleador"),
        on_delete=models.PROTECT,
        related_name="registration",
    )
    representative = models.ForeignKey(
        Person,
        verbose_name=_("representante legal"),
        on_delete=models.PROTECT,
        related_name="employer_registrations",
    )
    representative_document = models.CharField(
        _("documento del representante"), max_length=16, choices=RepresentativeDocument.choices
    )
    visa_number = models.CharField(_("visa"), max_length=30, blank=True)
    email = models.EmailField(_("correo electrónico verificado"))
    email_verification_id = models.UUIDField(_("verificación del correo"), unique=True)
    artisan_qualification_number = models.CharField(
        _("número de la Calificación Artesanal"), max_length=30, blank=True
    )
    artisan_qualification_date = models.DateField(
        _("fecha de la Calificación Artesanal"), null=True, blank=True
    )
    registered_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    class Meta:
        verbose_name = _("registro de empleador")
        verbose_name_plural = _("registros de empleadores")
        ordering = ["-registered_at"]
        constraints = [
            models.CheckConstraint(
                name="employer_registration_document_known",
                condition=Q(representative_document__in=["cedula", "foreigner_code", "passport"]),
            ),
            models.CheckConstraint(
                name="employer_registration_artisan_number_and_date",
                condition=Q(artisan_qualification_number="", artisan_qualification_date=None)
                | (
                    ~Q(artisan_qualification_number="")
                    & Q(artisan_qualification_date__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="employer_registration_visa_only_with_passport",
                condition=Q(visa_number="") | Q(representative_document="passport"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.employer)
