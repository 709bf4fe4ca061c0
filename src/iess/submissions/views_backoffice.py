"""The reviewers' console (/oficina/ventanilla/): the queue of the reviewer's province (every
province for national staff), a submission with its documents, and the decision."""

from functools import wraps

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iess.accounts.selectors import staff_province_scope
from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
from iess.submissions import selectors, services
from iess.submissions.forms import DecisionForm
from iess.submissions.models import Submission, SubmissionStatus


def reviewer_required(view):
    @staff_member_required(login_url="backoffice:login")
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not selectors.staff_can_review(request.user):
            raise PermissionDenied(_("Su cargo no revisa trámites de la Ventanilla Virtual."))
        return view(request, *args, **kwargs)

    return wrapper


@reviewer_required
def queue(request):
    status = request.GET.get("estado") or SubmissionStatus.RECEIVED
    if status not in SubmissionStatus.values:
        status = SubmissionStatus.RECEIVED
    submissions = selectors.submission_list_for_staff(user=request.user, status=status)
    return render(
        request,
        "submissions/office/queue.html",
        {
            "submissions": submissions,
            "status": status,
            "statuses": SubmissionStatus.choices,
            "province_id": staff_province_scope(request.user),
        },
    )


def _detail_context(request, submission: Submission, form: DecisionForm | None = None) -> dict:
    slots = selectors.requirement_slots(submission.procedure)
    return {
        "submission": submission,
        "attachments": selectors.attachment_list(submission=submission),
        "replaced": selectors.attachment_list(submission=submission, current_only=False).filter(
            replaced_at__isnull=False
        ),
        "form": form or DecisionForm(slots=slots),
        "history": AuditEntry.objects.filter(
            object_type=submission._meta.label_lower, object_id=str(submission.pk)
        ).order_by("at"),
    }


@reviewer_required
def detail(request, tracking_number):
    submission = selectors.submission_get_for_staff(
        user=request.user, tracking_number=tracking_number
    )
    if submission is None:
        raise Http404
    return render(request, "submissions/office/detail.html", _detail_context(request, submission))


@require_POST
@reviewer_required
def decide(request, tracking_number):
    submission = selectors.submission_get_for_staff(
        user=request.user, tracking_number=tracking_number
    )
    if submission is None:
        raise Http404
    form = DecisionForm(request.POST, slots=selectors.requirement_slots(submission.procedure))
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    action = request.POST.get("action")
    try:
        if action == "approve":
            services.submission_approve(
                tracking_number=tracking_number, actor=request.user, reason=reason
            )
            done = _("Trámite %(number)s aprobado.")
        elif action == "reject":
            services.submission_reject(
                tracking_number=tracking_number, actor=request.user, reason=reason
            )
            done = _("Trámite %(number)s rechazado.")
        elif action == "correction":
            services.submission_correction_request(
                tracking_number=tracking_number,
                actor=request.user,
                reason=reason,
                requirement_keys=form.cleaned_data.get("documents", []),
            )
            done = _("Corrección solicitada para el trámite %(number)s.")
        else:
            raise ServiceError(_("Elija una decisión."), code="required")
    except ServiceError as error:
        form.add_service_error(error)
        submission.refresh_from_db()
        return render(
            request,
            "submissions/office/detail.html",
            _detail_context(request, submission, form),
            status=400 if error.status < 500 else error.status,
        )
    messages.success(request, done % {"number": tracking_number})
    return redirect("submissions_office:queue")


@reviewer_required
def document(request, token):
    """A document's bytes, only for a reviewer of its submission's province; the address
    holds a random token, never a sequential id."""
    attachment = selectors.attachment_get_for_staff(user=request.user, token=token)
    if attachment is None:
        raise Http404
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.filename
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
