"""Every write of the Ventanilla Virtual: receive a submission with its documents, keep the
documents of an unfinished form, decide a submission (approve, reject, ask for a correction)
and take the corrected documents. Decisions are audited; emails leave after commit."""

import datetime
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from iess.core.errors import ServiceError
from iess.core.services import audit_record, snapshot
from iess.notifications.services import email_queue
from iess.registry.models import Province
from iess.registry.validators import IdentityDocument, identity_document_parse, mobile_validate
from iess.submissions import selectors
from iess.submissions.files import CheckedFile, attachment_check
from iess.submissions.handlers import handler_for
from iess.submissions.models import Attachment, Draft, DraftFile, Submission, SubmissionStatus

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread
CORRECTION_LINK_DAYS = 15
CORRECTION_SALT = "iess.submissions.correction"
DRAFT_LIFETIME = datetime.timedelta(hours=2)
MESSAGE_MAX = 2000


@dataclass(frozen=True)
class UploadedDocument:
    """A file as it arrived, before any check."""

    filename: str
    content: bytes


def _tracking_number_new() -> str:
    year = timezone.localdate().year
    return f"VV-{year}-" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(8))


def attachments_check(
    *, procedure, files: dict[str, UploadedDocument]
) -> tuple[dict[str, CheckedFile], dict[str, ServiceError]]:
    """Checks each uploaded file against its requirement; returns the accepted files and
    the refusals, both keyed by requirement key. Files for unknown requirements are ignored."""
    accepted, refused = {}, {}
    for slot in selectors.requirement_slots(procedure):
        upload = files.get(slot.key)
        if upload is None:
            continue
        try:
            accepted[slot.key] = attachment_check(
                filename=upload.filename,
                content=upload.content,
                electronic_signature=slot.electronic_signature,
                field=slot.field_name,
            )
        except ServiceError as error:
            refused[slot.key] = error
    return accepted, refused


def _missing_documents(*, slots, keys: set[str], identity_kind: str) -> ServiceError | None:
    """The first document the submission lacks. The sheet's identity document (the cédula)
    is replaced, for a submitter who identified with another document, by the alternative
    requirement of that kind (the passport for a passport); when the sheet lists none of that
    kind, by any alternative or the cédula itself."""
    alternatives = [slot for slot in slots if slot.kind == "alternative"]
    own = next((slot for slot in alternatives if slot.identity_kind == identity_kind), None)
    for slot in slots:
        if slot.kind != "required":
            continue
        if slot.identity_kind and slot.identity_kind != identity_kind and alternatives:
            # A cédula uploaded by a passport holder does not stand for their passport.
            if own is not None:
                if own.key in keys:
                    continue
                return ServiceError(
                    _(
                        "Cargue el documento «%(document)s»: es el documento de identidad con "
                        "el que se identificó, en lugar de la cédula."
                    )
                    % {"document": own.label},
                    code="document_missing",
                    field=own.field_name,
                )
            if slot.key in keys or any(alternative.key in keys for alternative in alternatives):
                continue
            return ServiceError(
                _(
                    "Cargue su documento de identidad: la cédula o, si es extranjero sin "
                    "cédula, uno de los requisitos alternativos."
                ),
                code="document_missing",
                field=slot.field_name,
            )
        if slot.key in keys:
            continue
        return ServiceError(
            _("Cargue el documento «%(document)s».") % {"document": slot.label},
            code="document_missing",
            field=slot.field_name,
        )
    return None


def _identity_document(*, kind: str, number: str, nationality: str) -> IdentityDocument:
    try:
        return identity_document_parse(kind=kind, number=number, nationality=nationality)
    except ValidationError as error:
        raise ServiceError.first_field_error(error) from None


def _signature_fields(checked: CheckedFile) -> dict:
    report = checked.signature
    if report is None:
        return {}
    return {
        "signature_status": report.status,
        "signer_name": (report.signer_name or "")[:300],
        "certificate_subject": (report.certificate_subject or "")[:500],
        "certificate_issuer": (report.certificate_issuer or "")[:500],
        "certificate_serial": str(report.certificate_serial or "")[:100],
        "signed_at": report.signed_at,
    }


def _attachment_create(*, submission: Submission, slot, checked: CheckedFile) -> Attachment:
    if slot.electronic_signature and (checked.signature is None or not checked.signature.ok):
        raise ServiceError(
            _("El documento «%(document)s» necesita una firma electrónica válida.")
            % {"document": slot.label},
            code="signature_missing",
            field=slot.field_name,
        )
    return Attachment.objects.create(
        submission=submission,
        requirement_key=slot.key,
        requirement_label=slot.label[:300],
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        content=checked.content,
        token=secrets.token_urlsafe(32),
        **_signature_fields(checked),
    )


def status_url() -> str:
    return settings.SITE_URL + reverse("submissions:status")


def _email_received(submission: Submission, *, corrected: bool = False) -> None:
    email_queue(
        to=submission.email,
        subject=(
            _("Ventanilla Virtual IESS: documentos corregidos del trámite %(number)s")
            if corrected
            else _("Ventanilla Virtual IESS: trámite %(number)s recibido")
        )
        % {"number": submission.tracking_number},
        template="submissions/email/received",
        context={
            "submission": submission,
            "procedure_name": submission.procedure.localized_name,
            "province_name": submission.province.name,
            "attachments": list(selectors.attachment_list(submission=submission)),
            "corrected": corrected,
            "status_url": status_url(),
        },
    )


def submission_create(
    *,
    procedure_slug: str,
    identity_kind: str,
    identity: str,
    nationality: str = "",
    names: str,
    email: str,
    mobile: str,
    province_code: str,
    message: str,
    reference: str = "",
    attachments: dict[str, CheckedFile],
    submit_key: str = "",
) -> Submission:
    """Receives a submission: checks the data, asks the procedure's handler, stores the
    submission with every document in one transaction and emails the receipt. A repeated
    call with the same `submit_key` returns the first submission.

    The submitter identifies with `identity_kind` (registry's IdentityDocumentKind) and the
    number `identity`; a passport or a visa also with its `nationality` (ISO alpha-3)."""
    submit_key = (submit_key or "")[:64]
    if submit_key:
        earlier = Submission.objects.filter(submit_key=submit_key).first()
        if earlier is not None:
            return earlier
    procedure = selectors.ventanilla_procedure_get(slug=procedure_slug)
    if procedure is None:
        raise ServiceError(
            _("Ese trámite no se recibe por la Ventanilla Virtual."),
            code="procedure_unknown",
            field="procedure",
        )
    document = _identity_document(kind=identity_kind, number=identity, nationality=nationality)
    names = " ".join((names or "").split())
    if not names:
        raise ServiceError(_("Escriba sus nombres y apellidos."), code="required", field="names")
    try:
        mobile = mobile_validate(mobile)
    except ValidationError as error:
        raise ServiceError(error.messages[0], code="mobile_invalid", field="mobile") from None
    province = Province.objects.filter(code=province_code).first()
    if province is None:
        raise ServiceError(_("Elija una provincia."), code="required", field="province")
    message = (message or "").strip()
    if not message:
        raise ServiceError(_("Detalle su pedido en el mensaje."), code="required", field="message")
    if len(message) > MESSAGE_MAX:
        raise ServiceError(
            _("El mensaje no puede pasar de %(max)s caracteres.") % {"max": MESSAGE_MAX},
            code="too_long",
            field="message",
        )
    reference = (reference or "").strip()
    handler = handler_for(procedure.slug)
    if handler is not None:
        if handler.reference_label and not reference:
            raise ServiceError(
                _("Escriba: %(label)s.") % {"label": handler.reference_label},
                code="required",
                field="reference",
            )
        handler.check(identity=document, reference=reference)
    slots = selectors.requirement_slots(procedure)
    missing = _missing_documents(slots=slots, keys=set(attachments), identity_kind=document.kind)
    if missing is not None:
        raise missing
    with transaction.atomic():
        now = timezone.now()
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    submission = Submission.objects.create(
                        tracking_number=_tracking_number_new(),
                        procedure=procedure,
                        identity_kind=document.kind,
                        identity=document.number,
                        nationality=document.nationality,
                        names=names[:250],
                        email=email,
                        mobile=mobile,
                        province=province,
                        reference=reference[:60],
                        message=message,
                        language=translation.get_language() or settings.LANGUAGE_CODE,
                        waiting_since=now,
                        submit_key=submit_key,
                    )
                break
            except IntegrityError:
                if submit_key and Submission.objects.filter(submit_key=submit_key).exists():
                    # The same form sent twice at once: the other request stored it.
                    return Submission.objects.get(submit_key=submit_key)
                continue
        else:
            raise ServiceError(
                _("No se pudo registrar el trámite; inténtelo de nuevo."), status=503
            )
        for slot in slots:
            if slot.key in attachments:
                _attachment_create(submission=submission, slot=slot, checked=attachments[slot.key])
        _email_received(submission)
    return submission


def _locked_for_review(*, actor, tracking_number: str) -> Submission:
    """The submission, row-locked, when it is in the reviewer's scope; the same "not found"
    for a submission of another province as for one that does not exist."""
    if not selectors.staff_can_review(actor):
        raise ServiceError(
            _("No tiene permiso para revisar trámites."), code="forbidden", status=403
        )
    submission = (
        selectors.submission_list_for_staff(user=actor)
        .select_for_update(of=("self",))
        .filter(tracking_number=tracking_number)
        .first()
    )
    if submission is None:
        raise ServiceError(_("No existe ese trámite."), code="not_found", status=404)
    if submission.status != SubmissionStatus.RECEIVED:
        raise ServiceError(
            _("Este trámite ya no está pendiente de revisión (estado: %(status)s).")
            % {"status": submission.get_status_display()},
            code="not_pending",
            status=409,
        )
    return submission


def _decision_email(submission: Submission, *, correction_url: str = "") -> None:
    subjects = {
        SubmissionStatus.APPROVED: _("Ventanilla Virtual IESS: trámite %(number)s aprobado"),
        SubmissionStatus.REJECTED: _("Ventanilla Virtual IESS: trámite %(number)s rechazado"),
        SubmissionStatus.CORRECTION: _(
            "Ventanilla Virtual IESS: corrija los documentos del trámite %(number)s"
        ),
    }
    keys = set(submission.correction_keys)
    with translation.override(submission.language):
        email_queue(
            to=submission.email,
            subject=subjects[submission.status] % {"number": submission.tracking_number},
            template="submissions/email/decided",
            context={
                "submission": submission,
                "procedure_name": submission.procedure.localized_name,
                "status_label": submission.get_status_display(),
                "documents": [
                    slot.label
                    for slot in selectors.requirement_slots(submission.procedure)
                    if slot.key in keys
                ],
                "correction_url": correction_url,
                "correction_days": CORRECTION_LINK_DAYS,
                "status_url": status_url(),
            },
        )


def _decide(submission: Submission, *, actor, status: str, reason: str, action: str) -> None:
    before = snapshot(submission)
    submission.status = status
    submission.decision_reason = reason
    if status in (SubmissionStatus.APPROVED, SubmissionStatus.REJECTED):
        submission.decided_at = timezone.now()
        submission.decided_by = actor
    submission.save()
    audit_record(
        actor=actor,
        action=action,
        target=submission,
        before=before,
        after=snapshot(submission),
        reason=reason,
    )


@transaction.atomic
def submission_approve(*, tracking_number: str, actor, reason: str = "") -> Submission:
    """Approves; the procedure's handler acts in the same transaction (its ServiceError
    undoes the approval and reaches the reviewer)."""
    submission = _locked_for_review(actor=actor, tracking_number=tracking_number)
    handler = handler_for(submission.procedure.slug)
    if handler is not None:
        handler.approved(submission=submission, actor=actor)
    _decide(
        submission,
        actor=actor,
        status=SubmissionStatus.APPROVED,
        reason=(reason or "").strip(),
        action="submission.approve",
    )
    _decision_email(submission)
    return submission


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Escriba el motivo."), code="required", field="reason")
    return reason


@transaction.atomic
def submission_reject(*, tracking_number: str, actor, reason: str) -> Submission:
    reason = _reason_required(reason)
    submission = _locked_for_review(actor=actor, tracking_number=tracking_number)
    _decide(
        submission,
        actor=actor,
        status=SubmissionStatus.REJECTED,
        reason=reason,
        action="submission.reject",
    )
    _decision_email(submission)
    return submission


def correction_token_make(submission: Submission) -> str:
    return signing.dumps(
        {"t": submission.tracking_number, "r": submission.correction_round}, salt=CORRECTION_SALT
    )


@transaction.atomic
def submission_correction_request(
    *, tracking_number: str, actor, reason: str, requirement_keys: list[str]
) -> Submission:
    """Asks the citizen to replace the named documents; the email carries a signed link that
    expires after CORRECTION_LINK_DAYS and serves this round only."""
    reason = _reason_required(reason)
    submission = _locked_for_review(actor=actor, tracking_number=tracking_number)
    known = [slot.key for slot in selectors.requirement_slots(submission.procedure)]
    keys = [key for key in known if key in set(requirement_keys)]
    if not keys:
        raise ServiceError(
            _("Marque al menos un documento que el ciudadano debe reemplazar."),
            code="required",
            field="documents",
        )
    submission.correction_keys = keys
    submission.correction_round += 1
    _decide(
        submission,
        actor=actor,
        status=SubmissionStatus.CORRECTION,
        reason=reason,
        action="submission.request_correction",
    )
    link = settings.SITE_URL + reverse(
        "submissions:correct", args=[correction_token_make(submission)]
    )
    _decision_email(submission, correction_url=link)
    return submission


def correction_submission_get(*, token: str) -> Submission:
    """The submission a correction link is for, while the link is valid."""
    try:
        data = signing.loads(
            token, salt=CORRECTION_SALT, max_age=datetime.timedelta(days=CORRECTION_LINK_DAYS)
        )
    except signing.SignatureExpired:
        raise ServiceError(
            _(
                "El enlace de corrección caducó. Comuníquese con el IESS o ingrese un trámite nuevo."
            ),
            code="link_expired",
            status=410,
        ) from None
    except signing.BadSignature:
        raise ServiceError(
            _("El enlace de corrección no es válido."), code="link_invalid", status=404
        ) from None
    submission = (
        Submission.objects.select_related("procedure", "province")
        .filter(tracking_number=data.get("t"))
        .first()
    )
    if (
        submission is None
        or submission.status != SubmissionStatus.CORRECTION
        or submission.correction_round != data.get("r")
    ):
        raise ServiceError(
            _("Este enlace de corrección ya se usó o ya no corresponde al estado del trámite."),
            code="link_used",
            status=410,
        )
    return submission


@transaction.atomic
def submission_correct(*, token: str, attachments: dict[str, CheckedFile]) -> Submission:
    """Takes the replacements of the documents the reviewer named: the old ones stay, marked
    as replaced; the submission returns to the reviewers' queue."""
    found = correction_submission_get(token=token)
    submission = Submission.objects.select_for_update().get(pk=found.pk)
    if (
        submission.status != SubmissionStatus.CORRECTION
        or submission.correction_round != found.correction_round
    ):
        raise ServiceError(_("Este enlace de corrección ya se usó."), code="link_used", status=410)
    slots = {slot.key: slot for slot in selectors.requirement_slots(submission.procedure)}
    for key in submission.correction_keys:
        if key not in attachments:
            raise ServiceError(
                _("Cargue el documento «%(document)s».") % {"document": slots[key].label},
                code="document_missing",
                field=slots[key].field_name,
            )
    before = snapshot(submission)
    now = timezone.now()
    replaced = submission.attachments.filter(
        requirement_key__in=submission.correction_keys, replaced_at__isnull=True
    ).update(replaced_at=now)
    for key in submission.correction_keys:
        _attachment_create(submission=submission, slot=slots[key], checked=attachments[key])
    submission.status = SubmissionStatus.RECEIVED
    submission.waiting_since = now
    submission.correction_keys = []
    submission.save()
    audit_record(
        actor=f"ciudadano {submission.identity}",
        action="submission.correct",
        target=submission,
        before=before,
        after={**snapshot(submission), "documents_replaced": replaced},
    )
    _email_received(submission, corrected=True)
    return submission


def drafts_purge() -> int:
    deleted, _per_model = Draft.objects.filter(
        created_at__lt=timezone.now() - DRAFT_LIFETIME
    ).delete()
    return deleted


@transaction.atomic
def draft_save(*, token: str, procedure_slug: str, files: dict[str, CheckedFile]) -> str:
    """Keeps accepted files of a form that had errors; returns the draft's token (new when
    `token` names no live draft of this procedure)."""
    drafts_purge()
    draft = Draft.objects.filter(token=token, procedure_slug=procedure_slug).first()
    if draft is None:
        draft = Draft.objects.create(token=secrets.token_urlsafe(32), procedure_slug=procedure_slug)
    for key, checked in files.items():
        DraftFile.objects.update_or_create(
            draft=draft,
            requirement_key=key,
            defaults={"filename": checked.filename, "content": checked.content},
        )
    return draft.token


def draft_files(*, token: str, procedure_slug: str) -> dict[str, UploadedDocument]:
    if not token:
        return {}
    limit = timezone.now() - DRAFT_LIFETIME
    return {
        row.requirement_key: UploadedDocument(filename=row.filename, content=bytes(row.content))
        for row in DraftFile.objects.filter(
            draft__token=token, draft__procedure_slug=procedure_slug, draft__created_at__gte=limit
        )
    }


@transaction.atomic
def draft_delete(*, token: str) -> None:
    if token:
        Draft.objects.filter(token=token).delete()
