"""The reviewers' console: province scoping, documents only for the right staff, every
decision audited and emailed, the correction round trip and the citizen's status page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from iess.core.models import AuditEntry
from iess.submissions import services
from iess.submissions.models import Submission
from iess.submissions.tests import corpus
from iess.submissions.tests.helpers import CEDULA, CEDULA_NUMBER, RUC, make_submission

pytestmark = pytest.mark.django_db
QUEUE = reverse("submissions_office:queue")


def detail_url(submission):
    return reverse("submissions_office:detail", args=[submission.tracking_number])


def decide(client, submission, **data):
    return client.post(
        reverse("submissions_office:decide", args=[submission.tracking_number]), data
    )


def test_a_reviewer_sees_only_their_provinces_queue(
    client, reviewer_pichincha, reviewer_guayas, national_admin
):
    quito, guayaquil = make_submission("17"), make_submission("09")
    client.force_login(reviewer_pichincha)
    page = client.get(QUEUE).content.decode()
    assert quito.tracking_number in page and guayaquil.tracking_number not in page
    assert client.get(detail_url(guayaquil)).status_code == 404
    client.force_login(national_admin)
    page = client.get(QUEUE).content.decode()
    assert quito.tracking_number in page and guayaquil.tracking_number in page


def test_a_reviewer_without_a_staff_profile_sees_nothing(client, reviewer_pichincha):
    make_submission("17")
    reviewer_pichincha.staff_profile.delete()
    reviewer_pichincha.refresh_from_db()
    client.force_login(reviewer_pichincha)
    assert "No hay trámites en este estado." in client.get(QUEUE).content.decode()


def test_staff_without_the_reviewer_role_and_citizens_are_kept_out(client, clerk):
    submission = make_submission()
    assert client.get(QUEUE).status_code == 302  # to the staff sign-in
    client.force_login(clerk)
    assert client.get(QUEUE).status_code == 403
    assert client.get(detail_url(submission)).status_code == 403


def test_a_document_is_served_only_to_staff_of_its_province(
    client, reviewer_pichincha, reviewer_guayas, national_admin
):
    submission = make_submission("17")
    attachment = submission.attachments.get(requirement_key=RUC)
    url = reverse("submissions_office:document", args=[attachment.token])
    assert len(attachment.token) >= 40
    assert client.get(url).status_code == 302  # a citizen: to the staff sign-in, no bytes
    client.force_login(reviewer_guayas)
    assert client.get(url).status_code == 404
    client.force_login(reviewer_pichincha)
    response = client.get(url)
    assert response.status_code == 200 and response.content == bytes(attachment.content)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "ruc.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(national_admin)
    assert client.get(url).status_code == 200


def test_the_detail_shows_the_signer_and_certificate(client, reviewer_pichincha):
    submission = make_submission()
    client.force_login(reviewer_pichincha)
    page = client.get(detail_url(submission)).content.decode()
    assert "María Andrade" in page and "CA de pruebas IESS" in page


def test_approval_is_audited_and_emailed(
    client, reviewer_pichincha, outbox, django_capture_on_commit_callbacks
):
    submission = make_submission()
    client.force_login(reviewer_pichincha)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, submission, action="approve")
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "approved" and submission.decided_by == reviewer_pichincha
    entry = AuditEntry.objects.get(action="submission.approve")
    assert entry.actor == reviewer_pichincha and entry.object_id == str(submission.pk)
    assert entry.before["status"] == "received" and entry.after["status"] == "approved"
    assert "aprobado" in outbox.latest("maria@example.ec", "aprobado").subject
    # Decided once: a second decision is refused.
    response = decide(client, submission, action="reject", reason="Tarde")
    assert response.status_code == 400
    assert "ya no está pendiente" in response.content.decode()


def test_a_rejection_needs_a_reason_and_is_audited_with_it(
    client, reviewer_pichincha, outbox, django_capture_on_commit_callbacks
):
    submission = make_submission()
    client.force_login(reviewer_pichincha)
    response = decide(client, submission, action="reject", reason="")
    assert response.status_code == 400 and "Escriba el motivo" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, submission, action="reject", reason="El RUC no corresponde.")
    submission.refresh_from_db()
    assert submission.status == "rejected"
    assert AuditEntry.objects.get(action="submission.reject").reason == "El RUC no corresponde."
    assert "El RUC no corresponde." in outbox.latest("maria@example.ec", "rechazado").body


def test_another_provinces_reviewer_cannot_decide(reviewer_guayas):
    submission = make_submission("17")
    with pytest.raises(services.ServiceError) as caught:
        services.submission_approve(
            tracking_number=submission.tracking_number, actor=reviewer_guayas
        )
    assert caught.value.status == 404
    assert Submission.objects.get().status == "received"
    assert not AuditEntry.objects.filter(action__startswith="submission.").exists()


def _correction_link(outbox) -> str:
    body = outbox.latest("maria@example.ec", "corrija").body
    return next(line for line in body.splitlines() if "/ventanilla/correccion/" in line).strip()


def test_the_correction_round_trip(
    client, reviewer_pichincha, outbox, django_capture_on_commit_callbacks
):
    submission = make_submission()
    old_cedula = submission.attachments.get(requirement_key=CEDULA)
    client.force_login(reviewer_pichincha)
    response = decide(client, submission, action="correction", reason="La cédula no se lee.")
    assert "Marque al menos un documento" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            client,
            submission,
            action="correction",
            reason="La cédula no se lee.",
            documents=[CEDULA],
        )
    submission.refresh_from_db()
    assert submission.status == "correction"
    assert (
        AuditEntry.objects.get(action="submission.request_correction").actor == reviewer_pichincha
    )
    link = _correction_link(outbox)
    assert "Cédula" in outbox.latest("maria@example.ec", "corrija").body
    client.logout()
    path = link.split("127.0.0.1", 1)[-1].split(":", 1)[-1]
    path = path[path.index("/") :]
    page = client.get(path).content.decode()
    assert "La cédula no se lee." in page and "Registro Único" not in page
    bad = client.post(path, {f"document_{CEDULA}": SimpleUploadedFile("c.jpg", corpus.pdf())})
    assert bad.status_code == 400 and "renombrado" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path, {f"document_{CEDULA}": SimpleUploadedFile("c2.jpg", corpus.jpg())})
    assert done.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "received" and submission.correction_keys == []
    current = submission.attachments.get(requirement_key=CEDULA, replaced_at__isnull=True)
    assert current.filename == "c2.jpg"
    old_cedula.refresh_from_db()
    assert old_cedula.replaced_at is not None  # kept, never lost
    assert AuditEntry.objects.filter(action="submission.correct").exists()
    assert outbox.latest("maria@example.ec", "documentos corregidos")
    # The link served its round: it cannot be used again.
    again = client.get(path)
    assert again.status_code == 410 and "ya se usó" in again.content.decode()


def test_a_correction_link_expires_and_a_forged_one_is_refused(reviewer_pichincha, monkeypatch):
    submission = make_submission()
    services.submission_correction_request(
        tracking_number=submission.tracking_number,
        actor=reviewer_pichincha,
        reason="Falta firma",
        requirement_keys=[CEDULA],
    )
    submission.refresh_from_db()
    token = services.correction_token_make(submission)
    assert services.correction_submission_get(token=token) == submission
    with pytest.raises(services.ServiceError) as forged:
        services.correction_submission_get(token=token[:-2] + "xx")
    assert forged.value.code == "link_invalid"
    later = timezone.now() + datetime.timedelta(days=services.CORRECTION_LINK_DAYS + 1)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    with pytest.raises(services.ServiceError) as expired:
        services.correction_submission_get(token=token)
    assert expired.value.code == "link_expired"


STATUS = reverse("submissions:status")


def test_the_status_page_needs_the_number_and_the_cedula(client, ventanilla):
    submission = make_submission()
    page = client.post(
        STATUS, {"tracking_number": submission.tracking_number.lower(), "identity": CEDULA_NUMBER}
    ).content.decode()
    assert "Recibido, en revisión" in page
    wrong_cedula = client.post(
        STATUS, {"tracking_number": submission.tracking_number, "identity": "0102030405"}
    )
    wrong_number = client.post(
        STATUS, {"tracking_number": "VV-2026-ZZZZZZZZ", "identity": CEDULA_NUMBER}
    )
    assert wrong_cedula.status_code == wrong_number.status_code == 404
    message = "No encontramos un trámite con ese número y esa identificación."
    assert message in wrong_cedula.content.decode() and message in wrong_number.content.decode()
    assert "María Andrade" not in wrong_cedula.content.decode()


def test_the_status_page_is_rate_limited(client, ventanilla):
    for _attempt in range(5):
        client.post(STATUS, {"tracking_number": "VV-2026-ZZZZZZZZ", "identity": CEDULA_NUMBER})
    response = client.post(
        STATUS, {"tracking_number": "VV-2026-ZZZZZZZZ", "identity": CEDULA_NUMBER}
    )
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()


def test_the_backoffice_home_links_the_console_for_reviewers_only(
    client, reviewer_pichincha, clerk
):
    client.force_login(reviewer_pichincha)
    assert QUEUE in client.get(reverse("backoffice:home")).content.decode()
    client.force_login(clerk)
    assert QUEUE not in client.get(reverse("backoffice:home")).content.decode()


def test_the_pages_speak_english(client, ventanilla):
    client.cookies["django_language"] = "en"
    page = client.get(STATUS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tracking number" in page and "Status of a Virtual Window submission" in page


def test_a_document_with_a_non_latin_name_downloads(client, reviewer_pichincha):
    from iess.submissions.models import Attachment

    attachment = make_submission().attachments.get(requirement_key=RUC)
    Attachment.objects.filter(pk=attachment.pk).update(filename="ruc_认证_ñ.pdf")
    client.force_login(reviewer_pichincha)
    response = client.get(reverse("submissions_office:document", args=[attachment.token]))
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
