from iess.documents.models import IssuedDocument


def document_get_by_code(code: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(code=(code or "").strip().upper()).first()


def document_for_subject(*, subject, kind: str) -> IssuedDocument | None:
    return (
        IssuedDocument.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk), kind=kind
        )
        .order_by("-issued_at")
        .first()
    )


def document_list_for_person(*, person_id: int):
    return IssuedDocument.objects.filter(person_id=person_id, revoked_at__isnull=True)
