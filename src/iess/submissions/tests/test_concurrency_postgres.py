"""Two reviewers deciding the same submission at the same moment: exactly one decision wins,
with one audit entry (row lock on PostgreSQL)."""

import pytest
from django.db import connection

from iess.core.models import AuditEntry
from iess.core.testing import failures, outcome_codes, run_together
from iess.submissions import services
from iess.submissions.models import Submission
from iess.submissions.tests.helpers import checked_files, make_submission

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking"),
    pytest.mark.django_db(transaction=True),
]


def test_two_simultaneous_decisions_leave_exactly_one(
    reviewer_pichincha, national_admin, audit_log_flushable
):
    submission = make_submission("17")
    outcomes = run_together(
        lambda: services.submission_approve(
            tracking_number=submission.tracking_number, actor=reviewer_pichincha
        ),
        lambda: services.submission_reject(
            tracking_number=submission.tracking_number, actor=national_admin, reason="Duplicado"
        ),
    )
    assert sorted(outcome_codes(outcomes)) == ["not_pending", "ok"]
    assert Submission.objects.get().status in ("approved", "rejected")
    assert AuditEntry.objects.filter(action__startswith="submission.").count() == 1


def test_the_same_form_sent_twice_at_once_stores_one_submission(ventanilla, audit_log_flushable):
    attachments = checked_files()
    outcomes = run_together(
        *[lambda: make_submission(submit_key="doble-clic", attachments=attachments)] * 2
    )
    assert failures(outcomes) == []
    numbers = [submission.tracking_number for submission in outcomes]
    assert len(numbers) == 2 and numbers[0] == numbers[1]
    assert Submission.objects.count() == 1
