"""Contract 2: a procedure handler asks for a reference, checks on submit before anything is
stored, and acts inside the approval transaction (its refusal undoes the approval)."""

import pytest
from django.urls import reverse

from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
from iess.registry.validators import IdentityDocument
from iess.submissions import handlers
from iess.submissions.models import Submission
from iess.submissions.services import submission_approve
from iess.submissions.tests.helpers import SLUG, form_data, good_uploads, make_submission
from iess.submissions.tests.test_submit import post

pytestmark = pytest.mark.django_db


class EmployerHandler:
    """A handler like the clave patronal's: asks for the RUC, knows one employer."""

    reference_label = "RUC del empleador"

    def __init__(self, *, refuse_approval: bool = False):
        self.refuse_approval = refuse_approval
        self.checked = []
        self.approved_with = []

    def check(self, *, identity: IdentityDocument, reference: str) -> None:
        self.checked.append((identity, reference))
        if reference != "1790012345001":
            raise ServiceError("No hay un empleador con ese RUC.", field="reference")

    def approved(self, *, submission, actor) -> None:
        # Inside the transaction: the submission is still pending in the database.
        assert Submission.objects.get(pk=submission.pk).status == "received"
        self.approved_with.append((submission.tracking_number, submission.procedure_slug, actor))
        if self.refuse_approval:
            raise ServiceError("El empleador ya tiene una clave activa.")


@pytest.fixture
def handler(monkeypatch):
    instance = EmployerHandler()
    monkeypatch.setattr(handlers, "handlers", lambda: {SLUG: instance})
    return instance


def test_handlers_are_discovered_from_the_apps_ventanilla_modules(monkeypatch):
    class Module:
        @staticmethod
        def handlers():
            return {SLUG: "the handler"}

    monkeypatch.undo()  # the autouse fixture replaced the discovery itself
    monkeypatch.setattr(
        handlers, "app_modules", lambda name: (Module,) if name == "ventanilla" else ()
    )
    assert handlers.handler_for(SLUG) == "the handler"
    assert handlers.handler_for("afiliacion-voluntaria") is None


def test_the_form_asks_for_the_reference_the_handler_names(client, ventanilla, handler):
    page = client.get(reverse("submissions:form", args=[SLUG])).content.decode()
    assert "RUC del empleador" in page and 'name="reference"' in page
    response = post(client, data=form_data(reference=""))
    assert response.status_code == 400
    assert Submission.objects.count() == 0


def test_check_refuses_before_anything_is_stored(client, ventanilla, handler):
    response = post(client, data=form_data(reference="0990000000001"))
    assert response.status_code == 400
    assert "No hay un empleador con ese RUC." in response.content.decode()
    assert handler.checked == [(IdentityDocument("cedula", "1714307103"), "0990000000001")]
    assert Submission.objects.count() == 0
    response = post(client, data=form_data(), uploads=good_uploads())
    assert response.status_code == 302
    assert Submission.objects.get().reference == "1790012345001"


def test_approved_runs_inside_the_approval(ventanilla, handler, reviewer_pichincha):
    submission = make_submission()
    submission_approve(tracking_number=submission.tracking_number, actor=reviewer_pichincha)
    assert handler.approved_with == [(submission.tracking_number, SLUG, reviewer_pichincha)]
    assert Submission.objects.get().status == "approved"


def test_a_handlers_refusal_undoes_the_approval_and_reaches_the_reviewer(
    client, ventanilla, monkeypatch, reviewer_pichincha
):
    refusing = EmployerHandler(refuse_approval=True)
    monkeypatch.setattr(handlers, "handlers", lambda: {SLUG: refusing})
    submission = make_submission()
    client.force_login(reviewer_pichincha)
    response = client.post(
        reverse("submissions_office:decide", args=[submission.tracking_number]),
        {"action": "approve"},
    )
    assert response.status_code == 400
    assert "El empleador ya tiene una clave activa." in response.content.decode()
    assert Submission.objects.get().status == "received"
    assert not AuditEntry.objects.filter(action="submission.approve").exists()
