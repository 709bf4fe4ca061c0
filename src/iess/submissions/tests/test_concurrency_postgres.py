"""Two reviewers deciding the same submission at the same moment: exactly one decision wins,
with one audit entry (row lock on PostgreSQL)."""

import threading

import pytest
from django.db import connection

from iess.core.errors import ServiceError
from iess.core.models import AuditEntry
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
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(action, actor):
        try:
            barrier.wait()
            if action == "approve":
                services.submission_approve(tracking_number=submission.tracking_number, actor=actor)
            else:
                services.submission_reject(
                    tracking_number=submission.tracking_number, actor=actor, reason="Duplicado"
                )
            outcomes.append("ok")
        except ServiceError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=("approve", reviewer_pichincha)),
        threading.Thread(target=decide, args=("reject", national_admin)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["not_pending", "ok"]
    assert Submission.objects.get().status in ("approved", "rejected")
    assert AuditEntry.objects.filter(action__startswith="submission.").count() == 1


def test_the_same_form_sent_twice_at_once_stores_one_submission(ventanilla, audit_log_flushable):
    attachments = checked_files()
    barrier = threading.Barrier(2)
    numbers = []

    def send():
        try:
            barrier.wait()
            submission = make_submission(submit_key="doble-clic", attachments=attachments)
            numbers.append(submission.tracking_number)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(numbers) == 2 and numbers[0] == numbers[1]
    assert Submission.objects.count() == 1
