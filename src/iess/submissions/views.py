"""Public pages of the Ventanilla Virtual: choose a procedure, fill the "Recepción de
trámites" form with its documents, read the tracking number, look up a submission's status
and replace documents after a correction request."""

import secrets

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from iess.core.errors import ServiceError
from iess.core.ratelimits import rate_limit_check
from iess.submissions import selectors, services
from iess.submissions.forms import ProcedureChoiceForm, StatusForm, SubmissionForm
from iess.submissions.handlers import handler_for
from iess.submissions.uploads import SUBMIT_RATE, upload_limits_apply, uploads_read

DRAFT_SESSION_KEY = "ventanilla_drafts"
RECEIVED_SESSION_KEY = "ventanilla_received"


def start(request):
    procedures = selectors.ventanilla_procedure_list()
    form = ProcedureChoiceForm(request.GET or None, procedures=procedures)
    if form.is_bound and form.is_valid():
        return redirect("submissions:form", slug=form.cleaned_data["procedure"])
    return render(request, "submissions/start.html", {"form": form, "procedures": procedures})


def _limited_upload_view(view):
    """Reads the body under the upload limits before the CSRF check touches it; a body over
    the total limit is answered at once, unread."""

    protected = csrf_protect(view)

    @csrf_exempt
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            upload_limits_apply(request)
            if request.upload_too_large:
                return render(request, "submissions/too_large.html", status=413)
        return protected(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _slot_rows(slots, *, errors: dict, kept: dict) -> list[dict]:
    return [
        {
            "slot": slot,
            "error": errors.get(slot.key, ""),
            "kept": kept[slot.key].filename if slot.key in kept else "",
        }
        for slot in slots
    ]


@_limited_upload_view
def submission_form(request, slug):
    procedure = selectors.ventanilla_procedure_get(slug=slug)
    if procedure is None:
        raise Http404
    slots = selectors.requirement_slots(procedure)
    handler = handler_for(procedure.slug)
    drafts = request.session.get(DRAFT_SESSION_KEY, {})
    draft_token = drafts.get(procedure.slug, "")
    kept = services.draft_files(token=draft_token, procedure_slug=procedure.slug)
    form = SubmissionForm(
        request.POST or None,
        initial={"submit_key": secrets.token_urlsafe(24)},
        reference_label=handler.reference_label if handler else None,
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            rate_limit_check(request, group="submissions-submit", rate=SUBMIT_RATE)
        except ServiceError as error:
            form.add_service_error(error)
            return render(
                request,
                "submissions/form.html",
                {
                    "procedure": procedure,
                    "form": form,
                    "rows": _slot_rows(slots, errors={}, kept=kept),
                    "group_notes": selectors.requirement_group_notes(procedure),
                },
                status=error.status,
            )
        uploads, errors = uploads_read(request, slots)
        accepted, refused = services.attachments_check(procedure=procedure, files=uploads)
        errors.update({key: str(error.message) for key, error in refused.items()})
        if accepted:
            draft_token = services.draft_save(
                token=draft_token, procedure_slug=procedure.slug, files=accepted
            )
            request.session[DRAFT_SESSION_KEY] = {**drafts, procedure.slug: draft_token}
            kept = services.draft_files(token=draft_token, procedure_slug=procedure.slug)
        earlier = {key: upload for key, upload in kept.items() if key not in accepted}
        still_good, no_longer = services.attachments_check(procedure=procedure, files=earlier)
        errors.update({key: str(error.message) for key, error in no_longer.items()})
        if form.is_valid() and not errors:
            data = form.cleaned_data
            try:
                submission = services.submission_create(
                    procedure_slug=procedure.slug,
                    identity_kind=data["identity_kind"],
                    identity=data["identity"],
                    nationality=data["nationality"],
                    names=data["names"],
                    email=data["email"],
                    mobile=data["mobile"],
                    province_code=data["province"],
                    message=data["message"],
                    reference=data.get("reference", ""),
                    attachments={**still_good, **accepted},
                    submit_key=data["submit_key"],
                )
            except ServiceError as error:
                slot = next((s for s in slots if s.field_name == error.field), None)
                if slot is not None:
                    errors[slot.key] = str(error.message)
                else:
                    form.add_service_error(error)
            else:
                services.draft_delete(token=draft_token)
                request.session[DRAFT_SESSION_KEY] = {
                    key: token for key, token in drafts.items() if key != procedure.slug
                }
                request.session[RECEIVED_SESSION_KEY] = submission.tracking_number
                return redirect("submissions:received")
    return render(
        request,
        "submissions/form.html",
        {
            "procedure": procedure,
            "form": form,
            "rows": _slot_rows(slots, errors=errors, kept=kept),
            "group_notes": selectors.requirement_group_notes(procedure),
            "file_errors": bool(errors),
        },
        status=400 if request.method == "POST" else 200,
    )


def received(request):
    tracking_number = request.session.get(RECEIVED_SESSION_KEY)
    submission = (
        selectors.submission_get(tracking_number=tracking_number) if tracking_number else None
    )
    if submission is None:
        return redirect("submissions:start")
    return render(
        request,
        "submissions/received.html",
        {
            "submission": submission,
            "attachments": selectors.attachment_list(submission=submission),
        },
    )


def status(request):
    form = StatusForm(request.POST or None)
    submission = None
    code = 200
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit_check(request, group="submissions-status", rate="10/m")
            rate_limit_check(
                request, group="submissions-status-number", rate="5/m", key="post:tracking_number"
            )
            submission = selectors.submission_get_for_citizen(
                tracking_number=form.cleaned_data["tracking_number"],
                identity=form.cleaned_data["identity"],
            )
            if submission is None:
                raise ServiceError(
                    _("No encontramos un trámite con ese número y esa identificación."),
                    code="not_found",
                    status=404,
                )
        except ServiceError as error:
            form.add_service_error(error)
            code = error.status
    return render(
        request, "submissions/status.html", {"form": form, "submission": submission}, status=code
    )


@_limited_upload_view
def correct(request, token):
    try:
        submission = services.correction_submission_get(token=token)
    except ServiceError as error:
        return render(
            request, "submissions/link_invalid.html", {"message": error.message}, status=410
        )
    keys = set(submission.correction_keys)
    slots = [slot for slot in selectors.requirement_slots(submission.procedure) if slot.key in keys]
    errors: dict[str, str] = {}
    general_error = ""
    if request.method == "POST":
        uploads, errors = uploads_read(request, slots)
        accepted, refused = services.attachments_check(
            procedure=submission.procedure, files=uploads
        )
        errors.update({key: str(error.message) for key, error in refused.items()})
        for slot in slots:
            if slot.key not in accepted and slot.key not in errors:
                errors[slot.key] = _("Cargue el documento «%(document)s».") % {
                    "document": slot.label
                }
        if not errors:
            try:
                services.submission_correct(token=token, attachments=accepted)
            except ServiceError as error:
                general_error = str(error.message)
            else:
                request.session[RECEIVED_SESSION_KEY] = submission.tracking_number
                return redirect("submissions:received")
    return render(
        request,
        "submissions/correct.html",
        {
            "submission": submission,
            "rows": _slot_rows(slots, errors=errors, kept={}),
            "general_error": general_error,
            "file_errors": bool(errors),
        },
        status=400 if request.method == "POST" else 200,
    )
