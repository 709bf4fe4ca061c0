"""Reads of the Ventanilla Virtual: which procedures it receives and which documents each
needs (both read from the catalog's procedure sheets), and what each staff member may see."""

import re
from dataclasses import dataclass

from django.db.models import QuerySet

from iess.accounts.roles import Role, user_has_role
from iess.accounts.selectors import staff_province_scope
from iess.catalog.models import Channel, Procedure
from iess.catalog.selectors import procedure_get, procedure_list
from iess.registry.validators import IdentityDocumentKind, document_number_compact
from iess.submissions.models import Attachment, Submission


@dataclass(frozen=True)
class RequirementSlot:
    """One document the sheet asks for in the Ventanilla Virtual."""

    key: str  # "general-2", "alternative-1"...: stable, names the form field
    kind: str  # "required", "alternative" or "additional"
    number: int | None
    text: str
    notes: tuple[str, ...]
    electronic_signature: bool
    # The identity document this requirement is ("cedula", "passport"...; registry's
    # IdentityDocumentKind), "" for any other document: the submitter uploads the one of
    # the kind they identified with.
    identity_kind: str

    @property
    def label(self) -> str:
        """The document's name: the sheet's text up to its first colon or comma."""
        return re.split(r"[:,]", self.text, maxsplit=1)[0].strip()

    @property
    def field_name(self) -> str:
        return f"document_{self.key}"


def _virtual_group(group: dict) -> bool:
    return group.get("channel_key") == Channel.ONLINE and bool(group.get("items"))


def _offered_online(item: dict) -> bool:
    """An alternative or additional item the sheet does not tie to the counter only."""
    channel_notes = item.get("channel_notes") or {}
    return not channel_notes or "Virtual" in channel_notes


def ventanilla_procedure_list() -> list[Procedure]:
    """The procedures whose sheet has a Ventanilla Virtual channel: a requirements group for
    the online channel listing the documents to upload."""
    return [
        procedure
        for procedure in procedure_list(channel=Channel.ONLINE)
        if any(_virtual_group(group) for group in procedure.requirements.get("general") or [])
        or any(_virtual_group(group) for group in procedure.requirements.get("specific") or [])
    ]


def ventanilla_procedure_get(*, slug: str) -> Procedure | None:
    procedure = procedure_get(slug=slug)
    if procedure is None or procedure not in ventanilla_procedure_list():
        return None
    return procedure


def _identity_kind(item: dict) -> str:
    # Anything but a known kind (a catalog loaded before kinds were named said `true`) marks
    # no identity document rather than a wrong one.
    kind = item.get("identity_document")
    return kind if kind in IdentityDocumentKind.values else ""


def requirement_slots(procedure: Procedure) -> list[RequirementSlot]:
    """The documents of the sheet's Ventanilla Virtual requirements (required), then its
    alternative and additional requirements offered online (optional), with their notes."""
    slots = []
    for kind in ("general", "specific"):
        for group_index, group in enumerate(procedure.requirements.get(kind) or []):
            if not _virtual_group(group):
                continue
            for index, item in enumerate(group["items"], start=1):
                slots.append(
                    RequirementSlot(
                        key=f"{kind}-{group_index}-{index}",
                        kind="required",
                        number=item.get("number"),
                        text=item["text"],
                        notes=tuple(item.get("notes") or ()),
                        electronic_signature=bool(item.get("electronic_signature")),
                        identity_kind=_identity_kind(item),
                    )
                )
    for kind in ("alternative", "additional"):
        for group_index, group in enumerate(procedure.requirements.get(kind) or []):
            if group.get("channel_key") not in (None, Channel.ONLINE):
                continue
            for index, item in enumerate(group["items"], start=1):
                if not _offered_online(item):
                    continue
                virtual_note = (item.get("channel_notes") or {}).get("Virtual")
                notes = [*(item.get("notes") or ()), *([virtual_note] if virtual_note else [])]
                slots.append(
                    RequirementSlot(
                        key=f"{kind}-{group_index}-{index}",
                        kind=kind,
                        number=item.get("number"),
                        text=item["text"],
                        notes=tuple(notes),
                        electronic_signature=bool(item.get("electronic_signature")),
                        identity_kind=_identity_kind(item),
                    )
                )
    return slots


def requirement_group_notes(procedure: Procedure) -> list[str]:
    """The notes the sheet prints under its Ventanilla Virtual requirements."""
    notes = []
    for kind in ("general", "specific"):
        for group in procedure.requirements.get(kind) or []:
            if _virtual_group(group):
                notes.extend(group.get("notes") or [])
    return notes


def staff_can_review(user) -> bool:
    return user_has_role(user, Role.PROVINCIAL_REVIEWER, Role.ADMINISTRATOR)


def submission_list_for_staff(*, user, status: str | None = None) -> QuerySet[Submission]:
    """The submissions a reviewer may see: their province's, or all for national staff.
    Nobody without the reviewer or administrator role sees any, nor a reviewer without a
    staff profile (a missing record never widens scope)."""
    if not staff_can_review(user):
        return Submission.objects.none()
    submissions = Submission.objects.select_related("procedure", "province")
    province = staff_province_scope(user)
    if province is not None:
        submissions = submissions.filter(province_id=province)
    if status:
        submissions = submissions.filter(status=status)
    return submissions.order_by("waiting_since", "id")


def submission_get_for_staff(*, user, tracking_number: str) -> Submission | None:
    return submission_list_for_staff(user=user).filter(tracking_number=tracking_number).first()


def attachment_get_for_staff(*, user, token: str) -> Attachment | None:
    """A document, only when its submission is in the reviewer's scope."""
    visible = submission_list_for_staff(user=user).values("id")
    return (
        Attachment.objects.select_related("submission")
        .filter(token=token, submission_id__in=visible)
        .first()
    )


def attachment_list(*, submission: Submission, current_only: bool = True) -> QuerySet[Attachment]:
    attachments = submission.attachments.defer("content")
    if current_only:
        attachments = attachments.filter(replaced_at__isnull=True)
    return attachments.order_by("id")


def submission_signed_documents(*, submission: Submission) -> list[bytes]:
    """The current documents that carry the electronic signature their requirement asks for."""
    return [
        bytes(content)
        for content in submission.attachments.filter(replaced_at__isnull=True)
        .exclude(signature_status="")
        .values_list("content", flat=True)
    ]


def submission_get(*, tracking_number: str) -> Submission | None:
    return (
        Submission.objects.select_related("procedure", "province")
        .filter(tracking_number=tracking_number)
        .first()
    )


def submission_get_for_citizen(*, tracking_number: str, identity: str) -> Submission | None:
    """The submission with this tracking number and the number of the identity document it
    was presented with (any kind: a passport or a visa without its country, since the
    tracking number already names one submission); None when either is wrong, so the answer
    never tells which one."""
    number = document_number_compact(identity)
    if not number:
        return None
    return (
        Submission.objects.select_related("procedure", "province")
        .filter(tracking_number=tracking_number.strip().upper(), identity=number)
        .first()
    )
