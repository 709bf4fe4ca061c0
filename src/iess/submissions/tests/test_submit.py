"""The "Recepción de trámites" form: what it lists, what it keeps after an error, the upload
limits while the body is read, the receipt, and the all-or-nothing storage."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import LimitedStream
from django.test import RequestFactory
from django.urls import reverse

from iess.registry.validators import foreigner_code_make
from iess.submissions import services, views
from iess.submissions.models import Attachment, Draft, Submission
from iess.submissions.tests import corpus
from iess.submissions.tests.helpers import (
    CEDULA,
    FOREIGNER_CODE_DOC,
    RUC,
    SIGNED_REQUEST,
    SLUG,
    checked_files,
    form_data,
    good_uploads,
    make_submission,
)
from iess.submissions.uploads import REQUEST_MAX_BYTES, upload_limits_apply

pytestmark = pytest.mark.django_db
FORM_URL = reverse("submissions:form", args=[SLUG])


def files(uploads: dict) -> dict:
    return {field: SimpleUploadedFile(name, content) for field, (name, content) in uploads.items()}


def post(client, data=None, uploads=None):
    return client.post(FORM_URL, {**(data or form_data()), **files(uploads or good_uploads())})


def test_the_start_page_offers_only_procedures_with_a_virtual_channel(client, ventanilla):
    page = client.get(reverse("submissions:start")).content.decode()
    assert "GENERACIÓN DE CLAVE PATRONAL" in page
    assert "AFILIACIÓN VOLUNTARIA" not in page.upper() or "afiliacion-voluntaria" not in page
    response = client.get(reverse("submissions:start"), {"procedure": SLUG})
    assert response.url == FORM_URL
    assert (
        client.get(reverse("submissions:form", args=["afiliacion-voluntaria"])).status_code == 404
    )


def test_the_form_lists_the_sheets_documents_with_their_notes(client, ventanilla):
    page = client.get(FORM_URL).content.decode()
    for name in (
        "Registro Único de Contribuyentes",
        "Solicitud de entrega de clave",
        "Acuerdo de Responsabilidad y Uso de la información",
        "Código de identificación para extranjeros",
        "Pasaporte",
        "Visa",
        "Calificación Artesanal",
    ):
        assert name in page
    assert "la suscripción del documento de forma electrónica es imprescindible" in page
    assert "Aplica únicamente para artesanos calificados" in page
    assert 'name="province"' in page and 'name="message"' in page
    assert 'name="reference"' not in page  # no handler asks for one here


def test_a_complete_submission_gets_a_tracking_number_and_an_email_receipt(
    client, ventanilla, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client)
    assert response.status_code == 302
    submission = Submission.objects.get()
    page = client.get(response.url).content.decode()
    assert submission.tracking_number in page
    assert submission.province_id == "17" and submission.status == "received"
    assert submission.attachments.count() == 4
    signed = submission.attachments.get(requirement_key=SIGNED_REQUEST)
    assert signed.signer_name == "María Andrade" and signed.signature_status == "valid"
    email = outbox.latest("maria@example.ec", submission.tracking_number)
    assert "Solicitud de entrega de clave" in email.body
    assert reverse("submissions:status") in email.body


def test_a_bad_file_keeps_every_field_and_the_accepted_files(client, ventanilla):
    uploads = good_uploads()
    uploads[f"document_{CEDULA}"] = ("cedula.jpg", corpus.jpg_with_pdf_inside())
    response = post(client, uploads=uploads)
    assert response.status_code == 400
    page = response.content.decode()
    assert "otro documento (un PDF)" in page
    assert 'value="María Andrade"' in page and "Solicito la clave patronal" in page
    assert "Ya cargado: solicitud.pdf" in page
    assert Submission.objects.count() == 0
    # Second try: only the refused document is sent again.
    response = post(client, uploads={f"document_{CEDULA}": ("cedula.jpg", corpus.jpg())})
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.attachments.count() == 4
    assert not Draft.objects.exists()


def test_a_missing_required_document_is_named(client, ventanilla):
    uploads = good_uploads()
    del uploads[f"document_{RUC}"]
    response = post(client, uploads=uploads)
    assert response.status_code == 400
    assert "Cargue el documento «Registro Único de Contribuyentes»" in response.content.decode()


def test_a_foreigner_uploads_an_alternative_instead_of_the_cedula(ventanilla):
    attachments = checked_files()
    code = foreigner_code_make(4321)
    cedula_doc = attachments.pop(CEDULA)
    with pytest.raises(services.ServiceError) as missing:
        services.submission_create(
            procedure_slug=SLUG,
            identity_kind="foreigner_code",
            identity=code,
            names="John Smith",
            email="j@example.com",
            mobile="0991234567",
            province_code="09",
            message="Clave",
            attachments=attachments,
        )
    assert missing.value.field == f"document_{FOREIGNER_CODE_DOC}"
    attachments[FOREIGNER_CODE_DOC] = cedula_doc
    submission = services.submission_create(
        procedure_slug=SLUG,
        identity_kind="foreigner_code",
        identity=code,
        names="John Smith",
        email="j@example.com",
        mobile="0991234567",
        province_code="09",
        message="Clave",
        attachments=attachments,
    )
    assert submission.identity == code


def test_a_file_over_one_megabyte_is_dropped_while_reading_and_the_form_kept(client, ventanilla):
    uploads = good_uploads()
    uploads[f"document_{RUC}"] = ("ruc.pdf", corpus.oversized_pdf())
    response = post(client, uploads=uploads)
    assert response.status_code == 400
    page = response.content.decode()
    assert "supera el tamaño máximo de 1 MB" in page
    assert 'value="maria@example.ec"' in page


def test_the_upload_handler_stops_storing_a_file_at_one_megabyte(ventanilla):
    request = RequestFactory().post(
        FORM_URL,
        {
            **form_data(),
            "document_general-1-1": SimpleUploadedFile("r.pdf", corpus.oversized_pdf()),
        },
    )
    upload_limits_apply(request)
    assert "document_general-1-1" not in request.FILES
    assert request.oversized_uploads == {"document_general-1-1"}
    assert request.POST["names"] == "María Andrade"


class CountingStream(io.BytesIO):
    """A request body that counts what the server reads of it."""

    def __init__(self, content: bytes):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_a_body_bigger_than_the_limit_is_refused_before_it_is_read(client, ventanilla):
    boundary = "limite"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="document_general-1-1"; '
            f'filename="enorme.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + b"%PDF-"
        + b"x" * (REQUEST_MAX_BYTES + 10)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    stream = CountingStream(body)
    request = RequestFactory().generic(
        "POST", FORM_URL, data=b"-", content_type=f"multipart/form-data; boundary={boundary}"
    )
    # The body arrives through the server's stream, as from a real client.
    request.META["CONTENT_LENGTH"] = str(len(body))
    request._stream = LimitedStream(stream, len(body))
    request.session = client.session
    response = views.submission_form(request, slug=SLUG)
    assert response.status_code == 413
    assert "superan el máximo permitido" in response.content.decode()
    assert stream.bytes_read == 0
    assert Submission.objects.count() == 0


def test_a_failure_after_the_first_file_leaves_no_submission_and_no_file(ventanilla, monkeypatch):
    real_create = services._attachment_create
    calls = []

    def failing_after_first(**kwargs):
        if calls:
            raise RuntimeError("disk full")
        calls.append(real_create(**kwargs))
        return calls[-1]

    monkeypatch.setattr(services, "_attachment_create", failing_after_first)
    with pytest.raises(RuntimeError):
        make_submission()
    assert len(calls) == 1
    assert Submission.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_a_failure_sends_no_receipt(
    ventanilla, monkeypatch, outbox, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "_attachment_create", lambda **kwargs: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ZeroDivisionError):
        make_submission()
    assert outbox.all() == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"identity": "1234567890"}, "identity"),
        ({"mobile": "12"}, "mobile"),
        ({"message": "   "}, "message"),
        ({"province": "99"}, "province"),
    ],
)
def test_bad_data_is_refused_on_its_field(ventanilla, changes, field):
    with pytest.raises(services.ServiceError) as caught:
        make_submission(province_code=changes.pop("province", "17"), **changes)
    assert caught.value.field == field


def test_a_double_click_makes_one_submission(client, ventanilla):
    page = client.get(FORM_URL).content.decode()
    key = page.split('name="submit_key" value="', 1)[1].split('"', 1)[0]
    assert len(key) >= 30
    first = post(client, data=form_data(submit_key=key))
    second = post(client, data=form_data(submit_key=key))
    assert first.status_code == second.status_code == 302
    assert Submission.objects.count() == 1


def test_submitting_is_rate_limited_per_address(client, ventanilla):
    for _attempt in range(20):
        client.post(FORM_URL, form_data(identity="1"))
    response = client.post(FORM_URL, form_data())
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()
    assert 'value="María Andrade"' in response.content.decode()
