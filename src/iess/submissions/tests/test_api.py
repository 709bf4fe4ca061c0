"""The Ventanilla Virtual API: requirements, multipart submission, status lookup, and the
one error shape."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from iess.submissions.models import Submission
from iess.submissions.tests import corpus
from iess.submissions.tests.helpers import CEDULA, CEDULA_NUMBER, SLUG, form_data, good_uploads

pytestmark = pytest.mark.django_db
BASE = "/api/v1/submissions"


def multipart(uploads=None, **changes) -> dict:
    files = {
        field: SimpleUploadedFile(name, content)
        for field, (name, content) in (uploads or good_uploads()).items()
    }
    return {"procedure": SLUG, **form_data(**changes), **files}


def test_the_procedures_and_their_document_fields(client, ventanilla):
    procedures = client.get(f"{BASE}/procedures").json()
    assert [p["slug"] for p in procedures] == [SLUG]
    fields = {r["field"]: r for r in procedures[0]["requirements"]}
    assert fields["document_general-1-2"]["electronic_signature"] is True
    assert fields[f"document_{CEDULA}"]["kind"] == "required"


def test_submit_then_look_up_the_status(client, ventanilla):
    response = client.post(f"{BASE}/", multipart())
    assert response.status_code == 201, response.json()
    number = response.json()["tracking_number"]
    assert Submission.objects.get().tracking_number == number
    status = client.post(
        f"{BASE}/status",
        {"tracking_number": number, "identity": CEDULA_NUMBER},
        content_type="application/json",
    )
    assert status.status_code == 200
    assert status.json()["status"] == "received"


def test_a_hostile_file_gets_the_error_shape_naming_its_field(client, ventanilla):
    uploads = good_uploads()
    uploads[f"document_{CEDULA}"] = ("cedula.pdf", corpus.javascript_pdf())
    response = client.post(f"{BASE}/", multipart(uploads))
    assert response.status_code == 400
    assert response.json() == {
        "code": "pdf_javascript",
        "detail": response.json()["detail"],
        "field": f"document_{CEDULA}",
    }
    assert Submission.objects.count() == 0


def test_an_oversized_file_is_refused_with_its_field(client, ventanilla):
    uploads = good_uploads()
    uploads[f"document_{CEDULA}"] = ("cedula.pdf", corpus.oversized_pdf())
    response = client.post(f"{BASE}/", multipart(uploads))
    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"


def test_wrong_number_and_wrong_cedula_get_the_same_answer(client, ventanilla):
    client.post(f"{BASE}/", multipart())
    number = Submission.objects.get().tracking_number
    answers = [
        client.post(
            f"{BASE}/status",
            {"tracking_number": tracking, "identity": identity},
            content_type="application/json",
        )
        for tracking, identity in [(number, "0102030405"), ("VV-2026-ZZZZZZZZ", CEDULA_NUMBER)]
    ]
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json() == answers[1].json()


def test_a_retried_request_with_the_same_idempotency_key_returns_the_first(client, ventanilla):
    answers = [
        client.post(f"{BASE}/", multipart(), headers={"Idempotency-Key": "reintento-123"})
        for _attempt in range(2)
    ]
    assert answers[0].json()["tracking_number"] == answers[1].json()["tracking_number"]
    assert Submission.objects.count() == 1
