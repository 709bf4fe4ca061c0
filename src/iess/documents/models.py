from cryptography import x509
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iess.documents import pki


class IssuedDocument(models.Model):
    """A document the institution issued (confirmation, notice, certificate). Its random
    verification code is printed on the PDF and in its QR, and /verificar/<code>/ confirms it."""

    code = models.CharField(_("código de verificación"), max_length=16, unique=True)
    kind = models.CharField(_("tipo"), max_length=40, db_index=True)
    title = models.CharField(_("título"), max_length=200)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("persona"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    holder_name = models.CharField(
        _("titular"),
        max_length=250,
        blank=True,
        help_text=_("Se muestra enmascarado en la verificación pública (M*** A***)."),
    )
    subject_type = models.CharField(_("objeto"), max_length=80, blank=True)
    subject_id = models.CharField(_("id del objeto"), max_length=64, blank=True)
    fields = models.JSONField(_("datos"), default=list)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    issued_at = models.DateTimeField(_("emitido"), auto_now_add=True)
    pdf_sha256 = models.CharField(
        _("SHA-256 del PDF"),
        max_length=64,
        blank=True,
        help_text=_("Huella del PDF firmado tal como se emitió; un PDF subido debe coincidir."),
    )
    signer_fingerprint = models.CharField(
        _("huella del certificado firmante"), max_length=64, blank=True
    )
    revoked_at = models.DateTimeField(_("anulado"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anulado por"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(
        _("motivo de anulación"),
        blank=True,
        help_text=_("Solo para el personal: nunca se muestra en la verificación pública."),
    )

    class Meta:
        verbose_name = _("documento emitido")
        verbose_name_plural = _("documentos emitidos")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                name="document_code_shape", condition=Q(code__regex=r"^[A-Z2-9]{12}$")
            ),
            models.CheckConstraint(
                name="document_pdf_sha256_shape",
                condition=Q(pdf_sha256="") | Q(pdf_sha256__regex=r"^[0-9a-f]{64}$"),
            ),
            models.CheckConstraint(
                name="document_revocation_has_reason",
                condition=Q(revoked_by__isnull=True)
                | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
            ),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.title} {self.code}"


def certificate_parse(pem: str) -> x509.Certificate:
    """A CA certificate from PEM text, or ValidationError saying what is wrong with it."""
    try:
        certificate = x509.load_pem_x509_certificate((pem or "").strip().encode())
    except ValueError as error:
        raise ValidationError(
            {"certificate_pem": _("No es un certificado X.509 en formato PEM.")}
        ) from error
    try:
        is_authority = certificate.extensions.get_extension_for_class(
            x509.BasicConstraints
        ).value.ca
    except x509.ExtensionNotFound:
        is_authority = False
    if not is_authority:
        raise ValidationError(
            {
                "certificate_pem": _(
                    "El certificado no es de una autoridad de certificación (BasicConstraints CA)."
                )
            }
        )
    if certificate.not_valid_after_utc <= timezone.now():
        raise ValidationError({"certificate_pem": _("El certificado ya caducó.")})
    return certificate


class TrustedRoot(models.Model):
    """A certification authority whose signatures the system accepts on PDFs (the
    institution's own root and the accredited Ecuadorian CAs), entered by an administrator."""

    name = models.CharField(_("nombre"), max_length=200)
    certificate_pem = models.TextField(
        _("certificado (PEM)"),
        help_text=_(
            "Certificado raíz de la autoridad, en formato PEM (-----BEGIN CERTIFICATE-----)."
        ),
    )
    fingerprint = models.CharField(_("huella SHA-256"), max_length=64, unique=True, editable=False)
    subject = models.CharField(_("sujeto"), max_length=500, editable=False)
    valid_until = models.DateTimeField(_("válido hasta"), editable=False)
    active = models.BooleanField(_("activo"), default=True)
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    class Meta:
        verbose_name = _("autoridad de certificación de confianza")
        verbose_name_plural = _("autoridades de certificación de confianza")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Validated on every save, not only in forms: a broken PEM would silently distrust.
        certificate = certificate_parse(self.certificate_pem)
        self.certificate_pem = pki.certificate_pem(certificate)
        self.fingerprint = pki.certificate_fingerprint(certificate)
        self.subject = certificate.subject.rfc4514_string()[:500]
        self.valid_until = certificate.not_valid_after_utc
        super().save(*args, **kwargs)

    def clean(self):
        certificate = certificate_parse(self.certificate_pem)
        fingerprint = pki.certificate_fingerprint(certificate)
        if TrustedRoot.objects.filter(fingerprint=fingerprint).exclude(pk=self.pk).exists():
            raise ValidationError({"certificate_pem": _("Esta autoridad ya está registrada.")})
