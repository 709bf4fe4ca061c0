import hashlib
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iess.core.errors import ServiceError
from iess.core.services import audit_record, snapshot
from iess.documents import pki
from iess.documents.models import IssuedDocument, TrustedRoot, certificate_parse
from iess.documents.pdf import pdf_render
from iess.documents.signing import institution_identity, pdf_sign

# No 0/O, 1/I: codes are read aloud at the counter and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
VERIFICATION_CODE_LENGTH = 12


def random_code(length: int) -> str:
    """A random code of unambiguous characters, from the operating system's CSPRNG."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def document_verify_url(code: str) -> str:
    return settings.SITE_URL + reverse("documents:verify", args=[code])


def document_issue(
    *,
    kind: str,
    title: str,
    fields: list[tuple[str, str]],
    person=None,
    subject=None,
    holder_name: str = "",
) -> IssuedDocument:
    """Records an issued document with a fresh, unguessable verification code (no PDF yet).
    The holder is `person`, or `holder_name` for someone not in the registry; the public
    verification shows only the holder's masked name."""
    if not holder_name and person is not None:
        holder_name = person.full_name
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return IssuedDocument.objects.create(
                    code=random_code(VERIFICATION_CODE_LENGTH),
                    kind=kind,
                    title=title,
                    person=person,
                    holder_name=holder_name[:250],
                    subject_type=subject._meta.label_lower if subject is not None else "",
                    subject_id=str(subject.pk) if subject is not None else "",
                    fields=[[str(label), str(value)] for label, value in fields],
                )
        except IntegrityError:
            continue
    raise RuntimeError("could not draw a unique verification code")


@transaction.atomic
def document_render(
    *, document: IssuedDocument, subtitle: str = "", paragraphs: list[str] = (), footer: str = ""
) -> bytes:
    """Renders the document's PDF (code and QR included), signs it with the institution's
    identity and stores it with its SHA-256, which a PDF handed in for verification must match."""
    content = pdf_render(
        title=document.title,
        fields=[(label, value) for label, value in document.fields],
        code=document.code,
        verify_url=document_verify_url(document.code),
        subtitle=subtitle,
        paragraphs=paragraphs,
        footer=footer,
    )
    content = pdf_sign(content)
    digest = hashlib.sha256(content).hexdigest()
    fingerprint = pki.certificate_fingerprint(institution_identity().certificate)
    IssuedDocument.objects.filter(pk=document.pk).update(
        pdf=content, pdf_sha256=digest, signer_fingerprint=fingerprint
    )
    document.pdf, document.pdf_sha256, document.signer_fingerprint = content, digest, fingerprint
    return content


def document_revoke_for_subject(*, subject, kind: str) -> int:
    """Annuls the documents of this kind issued for an object (a cancelled or moved turn):
    /verificar/ then says the document was annulled instead of calling it valid."""
    return IssuedDocument.objects.filter(
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        kind=kind,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())


@transaction.atomic
def document_revoke(*, document: IssuedDocument, reason: str, actor) -> IssuedDocument:
    """A staff member annuls an issued document; /verificar/ then says so, with the date.
    The reason is kept for the staff and the audit log only (it may name the holder)."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            _("Indique el motivo de la anulación."), code="reason_required", field="reason"
        )
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        raise ServiceError(
            _("Este documento ya estaba anulado."), code="already_revoked", status=409
        )
    before = snapshot(locked)
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.revocation_reason = reason
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit_record(
        actor=actor,
        action="document.revoke",
        target=locked,
        before=before,
        after=snapshot(locked),
        reason=reason,
    )
    return locked


@transaction.atomic
def trusted_root_add(*, name: str, certificate_pem: str) -> TrustedRoot:
    """Trusts a certification authority (idempotent: a known root is returned as it is)."""
    certificate = certificate_parse(certificate_pem)
    existing = TrustedRoot.objects.filter(
        fingerprint=pki.certificate_fingerprint(certificate)
    ).first()
    if existing is not None:
        return existing
    return TrustedRoot.objects.create(name=name, certificate_pem=certificate_pem)
