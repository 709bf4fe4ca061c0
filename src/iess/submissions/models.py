"""Ventanilla Virtual: a citizen's submission of a procedure, its attached documents and the
drafts that keep accepted files while the citizen fixes the rest of the form.

The file bytes live in the database, in the same transaction as the rows that own them: a
submission can never lose a file and no file can outlive its submission (docs/decisions.md).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from iess.registry.validators import (
    DOCUMENTS_WITH_NATIONALITY,
    PASSPORT_PATTERN,
    VISA_PATTERN,
    IdentityDocument,
    IdentityDocumentKind,
)

ATTACHMENT_MAX_BYTES = 1024 * 1024


class ContentType(models.TextChoices):
    JPEG = "image/jpeg", "JPG"
    PDF = "application/pdf", "PDF"


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("Recibido, en revisión")
    CORRECTION = "correction", _("Corrección solicitada")
    APPROVED = "approved", _("Aprobado")
    REJECTED = "rejected", _("Rechazado")


class Submission(models.Model):
    Status = SubmissionStatus

    tracking_number = models.CharField(_("número de trámite"), max_length=20, unique=True)
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("trámite"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    # The database default lets a process still running the previous release (which sent no
    # kind) keep storing cédula submissions while the new one is rolled out.
    identity_kind = models.CharField(
        _("documento de identidad"),
        max_length=16,
        choices=IdentityDocumentKind.choices,
        db_default=IdentityDocumentKind.CEDULA,
    )
    identity = models.CharField(_("identificación"), max_length=30, db_index=True)
    nationality = models.CharField(
        _("nacionalidad (ISO 3166 alfa-3)"),
        max_length=3,
        blank=True,
        help_text=_("Del pasaporte o de la visa."),
    )
    names = models.CharField(_("nombres y apellidos"), max_length=250)
    email = models.EmailField(_("correo electrónico"), max_length=254)
    mobile = models.CharField(_("celular"), max_length=20)
    province = models.ForeignKey(
        "registry.Province",
        verbose_name=_("provincia"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    reference = models.CharField(_("referencia"), max_length=60, blank=True)
    message = models.TextField(_("mensaje"), max_length=2000)
    language = models.CharField(_("idioma"), max_length=10, default="es")
    status = models.CharField(
        _("estado"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("recibido"), auto_now_add=True, db_index=True)
    # When the citizen last sent documents (first submission or a correction): the age in
    # the reviewers' queue counts from here.
    waiting_since = models.DateTimeField(_("en espera desde"))
    decided_at = models.DateTimeField(_("decidido"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decidido por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("motivo"), blank=True)
    # Requirement keys the reviewer asked to replace; the correction link is valid for one
    # round only (a new request or a new decision makes older links useless).
    correction_keys = models.JSONField(_("documentos a corregir"), default=list, blank=True)
    correction_round = models.PositiveSmallIntegerField(_("ronda de corrección"), default=0)
    # The random key of the form page (or an API client's Idempotency-Key): a repeated
    # submit, such as a double click, finds the first submission instead of making another.
    submit_key = models.CharField(_("clave de envío"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("trámite de Ventanilla Virtual")
        verbose_name_plural = _("trámites de Ventanilla Virtual")
        ordering = ["waiting_since"]
        constraints = [
            models.UniqueConstraint(
                fields=["submit_key"],
                condition=~Q(submit_key=""),
                name="submission_submit_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values),
                name="submission_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(tracking_number="") & ~Q(identity="") & ~Q(names=""),
                name="submission_identity_present",
            ),
            models.CheckConstraint(
                condition=Q(identity_kind__in=IdentityDocumentKind.values),
                name="submission_identity_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(identity_kind=IdentityDocumentKind.CEDULA)
                | Q(identity__regex=r"^[0-9]{10}$"),
                name="submission_cedula_ten_digits",
            ),
            models.CheckConstraint(
                condition=~Q(identity_kind=IdentityDocumentKind.FOREIGNER_CODE)
                | Q(identity__regex=r"^EX[0-9]{8}$"),
                name="submission_foreigner_code_shape",
            ),
            models.CheckConstraint(
                condition=~Q(identity_kind=IdentityDocumentKind.PASSPORT)
                | Q(identity__regex=f"^{PASSPORT_PATTERN.pattern}$"),
                name="submission_passport_shape",
            ),
            models.CheckConstraint(
                condition=~Q(identity_kind=IdentityDocumentKind.VISA)
                | Q(identity__regex=f"^{VISA_PATTERN.pattern}$"),
                name="submission_visa_shape",
            ),
            # A passport or a visa is read with its country; a cédula or a foreigner code
            # needs none (and a foreign document is never Ecuadorian: that is the cédula).
            models.CheckConstraint(
                condition=(
                    Q(identity_kind__in=DOCUMENTS_WITH_NATIONALITY)
                    & Q(nationality__regex=r"^[A-Z]{3}$")
                    & ~Q(nationality="ECU")
                )
                | (~Q(identity_kind__in=DOCUMENTS_WITH_NATIONALITY) & Q(nationality="")),
                name="submission_nationality_with_passport_or_visa",
            ),
            # A rejection or a correction request always says why.
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "correction"]) | ~Q(decision_reason=""),
                name="submission_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["received", "correction"])
                | (Q(decided_at__isnull=False) & Q(decided_by__isnull=False)),
                name="submission_decision_has_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_number

    @property
    def procedure_slug(self) -> str:
        return self.procedure.slug

    @property
    def identity_document(self) -> IdentityDocument:
        return IdentityDocument(self.identity_kind, self.identity, self.nationality)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.RECEIVED


class Attachment(models.Model):
    """One document of a submission, checked by its content when it arrived. A document the
    citizen replaces after a correction request is kept, marked as replaced."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("trámite"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    requirement_key = models.CharField(_("requisito"), max_length=40)
    requirement_label = models.CharField(_("nombre del requisito"), max_length=300)
    filename = models.CharField(_("nombre del archivo"), max_length=200)
    content_type = models.CharField(_("tipo"), max_length=40, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("tamaño en bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("contenido"))
    # The unguessable part of the document's address in the reviewers' console.
    token = models.CharField(_("clave de acceso"), max_length=64, unique=True)
    signature_status = models.CharField(_("firma electrónica"), max_length=12, blank=True)
    signer_name = models.CharField(_("firmante"), max_length=300, blank=True)
    certificate_subject = models.CharField(_("certificado"), max_length=500, blank=True)
    certificate_issuer = models.CharField(_("emisor del certificado"), max_length=500, blank=True)
    certificate_serial = models.CharField(_("serie del certificado"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("firmado"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("cargado"), auto_now_add=True)
    replaced_at = models.DateTimeField(_("reemplazado"), null=True, blank=True)

    class Meta:
        verbose_name = _("documento anexo")
        verbose_name_plural = _("documentos anexos")
        ordering = ["submission", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "requirement_key"],
                condition=Q(replaced_at__isnull=True),
                name="attachment_one_current_per_requirement",
            ),
            models.CheckConstraint(
                condition=Q(size__gte=1, size__lte=ATTACHMENT_MAX_BYTES),
                name="attachment_size_1_byte_to_1_mb",
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=ContentType.values),
                name="attachment_content_type_jpg_or_pdf",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("token"), 32),
                name="attachment_token_long",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} · {self.requirement_label}"


class Draft(models.Model):
    """Files already accepted from a form that had other errors, so the citizen does not
    upload them again (a browser cannot refill a file input). Reached only through the
    session that created it; deleted when the submission is made or when it expires."""

    token = models.CharField(_("clave"), max_length=64, unique=True)
    procedure_slug = models.CharField(_("trámite"), max_length=80)
    created_at = models.DateTimeField(_("creado"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("borrador")
        verbose_name_plural = _("borradores")

    def __str__(self) -> str:
        return f"{self.procedure_slug} · {self.created_at:%Y-%m-%d %H:%M}"


class DraftFile(models.Model):
    draft = models.ForeignKey(
        Draft, verbose_name=_("borrador"), on_delete=models.CASCADE, related_name="files"
    )
    requirement_key = models.CharField(_("requisito"), max_length=40)
    filename = models.CharField(_("nombre del archivo"), max_length=200)
    content = models.BinaryField(_("contenido"))

    class Meta:
        verbose_name = _("archivo de borrador")
        verbose_name_plural = _("archivos de borrador")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "requirement_key"], name="draft_file_one_per_requirement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_key}: {self.filename}"
