import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from iess.documents.models import IssuedDocument
from iess.documents.pdf import pdf_render

# No 0/O, 1/I: codes are read aloud at the counter and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
VERIFICATION_CODE_LENGTH = 12


def random_code(length: int) -> str:
    """A random code of unambiguous characters, from the operating system's CSPRNG."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def document_verify_url(code: str) -> str:
    return settings.SITE_URL + reverse("documents:verify", args=[code])


def document_issue(
    *, kind: str, title: str, fields: list[tuple[str, str]], person=None, subject=None
) -> IssuedDocument:
    """Records an issued document with a fresh, unguessable verification code (no PDF yet)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return IssuedDocument.objects.create(
                    code=random_code(VERIFICATION_CODE_LENGTH),
                    kind=kind,
                    title=title,
                    person=person,
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
    """Renders the document's PDF (code and QR included) and stores it."""
    content = pdf_render(
        title=document.title,
        fields=[(label, value) for label, value in document.fields],
        code=document.code,
        verify_url=document_verify_url(document.code),
        subtitle=subtitle,
        paragraphs=paragraphs,
        footer=footer,
    )
    IssuedDocument.objects.filter(pk=document.pk).update(pdf=content)
    document.pdf = content
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
