"""The submitter's identity document: cédula, foreigner code, passport or visa (the sheet's
alternative requirements for foreigners). The document chosen decides which identity document
must be uploaded; a passport or a visa needs its nationality; the status lookup takes the
number; the reviewer reads the kind."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from iess.submissions import services
from iess.submissions.models import Submission
from iess.submissions.selectors import RequirementSlot
from iess.submissions.tests.helpers import (
    CEDULA,
    FOREIGNER_CODE_DOC,
    PASSPORT_DOC,
    SLUG,
    VISA_DOC,
    checked_files,
    form_data,
    good_uploads,
    make_submission,
)
from iess.submissions.tests.test_submit import FORM_URL, post

pytestmark = pytest.mark.django_db
PASSPORT_NUMBER = "V12345678"
API = "/api/v1/submissions"
STATUS = reverse("submissions:status")


def passport_data(**changes) -> dict:
    passport = {
        "identity_kind": "passport",
        "identity": PASSPORT_NUMBER.lower(),
        "nationality": "VEN",
        "names": "Valentina Rojas Pérez",
    }
    return form_data(**{**passport, **changes})


def passport_uploads() -> dict:
    """The required documents with the passport in place of the cédula."""
    uploads = good_uploads()
    uploads[f"document_{PASSPORT_DOC}"] = ("pasaporte.jpg", uploads.pop(f"document_{CEDULA}")[1])
    return uploads


def passport_files() -> dict:
    files = checked_files()
    files[PASSPORT_DOC] = files.pop(CEDULA)
    return files


# The form page


def test_the_form_offers_the_four_documents_and_the_nationality(client, ventanilla):
    page = client.get(FORM_URL).content.decode()
    for value in ("cedula", "foreigner_code", "passport", "visa"):
        assert f'name="identity_kind" value="{value}"' in page
    assert 'name="nationality"' in page and '<option value="VEN">' in page
    assert '<option value="ECU">' not in page
    assert "Obligatorio si se identifica con este documento." in page


def test_a_passport_submitter_submits_with_the_passport_document(client, ventanilla):
    response = post(client, data=passport_data(), uploads=passport_uploads())
    assert response.status_code == 302, response.content.decode()
    submission = Submission.objects.get()
    assert (submission.identity_kind, submission.identity, submission.nationality) == (
        "passport",
        PASSPORT_NUMBER,
        "VEN",
    )
    assert set(submission.attachments.values_list("requirement_key", flat=True)) >= {PASSPORT_DOC}
    assert not submission.attachments.filter(requirement_key=CEDULA).exists()


def test_a_passport_without_nationality_is_refused_on_its_field_with_the_input_kept(
    client, ventanilla
):
    response = post(client, data=passport_data(nationality=""), uploads=passport_uploads())
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split('id="id_nationality-error"', 1)[1].split("</ul>", 1)[0]
    assert "Elija la nacionalidad del pasaporte o de la visa." in error
    assert f'value="{PASSPORT_NUMBER.lower()}"' in page
    assert re.search(
        r'<input type="radio" name="identity_kind" value="passport"[^>]*checked>', page
    )
    assert 'value="Valentina Rojas Pérez"' in page
    assert Submission.objects.count() == 0


def test_the_nationality_list_speaks_the_page_language(client, ventanilla):
    assert '<option value="DEU">Alemania</option>' in client.get(FORM_URL).content.decode()
    client.cookies["django_language"] = "en"
    assert '<option value="DEU">Germany</option>' in client.get(FORM_URL).content.decode()


def test_the_nationality_message_in_english(client, ventanilla):
    client.cookies["django_language"] = "en"
    response = post(client, data=passport_data(nationality=""), uploads=passport_uploads())
    assert "Choose the nationality of the passport or the visa." in response.content.decode()


def test_a_passport_submitter_must_upload_the_passport_not_the_cedula(client, ventanilla):
    response = post(client, data=passport_data())  # the cédula, no passport
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split(f'id="id_document_{PASSPORT_DOC}-error"', 1)[1].split("</ul>", 1)[0]
    assert "Cargue el documento «Pasaporte»" in error
    assert Submission.objects.count() == 0


def test_a_cedula_submitter_must_upload_the_cedula(client, ventanilla):
    response = post(client, uploads=passport_uploads())  # a passport scan, no cédula
    assert response.status_code == 400
    page = response.content.decode()
    error = page.split(f'id="id_document_{CEDULA}-error"', 1)[1].split("</ul>", 1)[0]
    assert "Cargue el documento «Cédula»" in error
    assert Submission.objects.count() == 0


# The service


def test_the_service_takes_a_passport_with_its_nationality(ventanilla):
    submission = make_submission(
        identity_kind="passport",
        identity="v-1234 5678",
        nationality="ven",
        attachments=passport_files(),
    )
    assert submission.identity_document.label == "Pasaporte V12345678 (VEN)"


def test_a_visa_submitter_uploads_the_visa(ventanilla):
    with pytest.raises(services.ServiceError) as missing:
        make_submission(identity_kind="visa", identity="VE-55667", nationality="COL")
    assert missing.value.field == f"document_{VISA_DOC}"
    files = checked_files()
    files[VISA_DOC] = files.pop(CEDULA)
    submission = make_submission(
        identity_kind="visa", identity="VE-55667", nationality="COL", attachments=files
    )
    assert (submission.identity_kind, submission.identity) == ("visa", "VE55667")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nationality": ""}, "nationality", "Elija la nacionalidad"),
        ({"nationality": "XYZ"}, "nationality", "Seleccione un país de la lista."),
        ({"nationality": "ECU"}, "nationality", "Los ecuatorianos se identifican con su cédula."),
        ({"identity": "AB"}, "identity", "El pasaporte tiene de 5 a 20 letras y dígitos."),
        ({"identity_kind": "licencia"}, "identity_kind", "Elija su documento de identidad."),
        ({"identity_kind": "cedula", "identity": "V12345678"}, "identity", "cédula"),
    ],
)
def test_the_service_refuses_a_bad_document_on_its_field(ventanilla, changes, field, message):
    values = {"identity_kind": "passport", "identity": PASSPORT_NUMBER, "nationality": "VEN"}
    with pytest.raises(services.ServiceError) as refused:
        make_submission(attachments=passport_files(), **{**values, **changes})
    assert refused.value.field == field
    assert message in str(refused.value.message)


def test_any_alternative_replaces_the_cedula_when_none_is_of_the_submitters_kind():
    def slot(key, kind, identity_kind=""):
        return RequirementSlot(key, kind, 1, key, (), False, identity_kind)

    slots = [slot("cedula", "required", "cedula"), slot("otro", "alternative")]
    assert services._missing_documents(slots=slots, keys={"otro"}, identity_kind="visa") is None
    missing = services._missing_documents(slots=slots, keys=set(), identity_kind="visa")
    assert missing.field == "document_cedula"
    missing = services._missing_documents(slots=slots, keys={"otro"}, identity_kind="cedula")
    assert missing.field == "document_cedula"


# The database


@pytest.mark.parametrize(
    ("kind", "number", "nationality"),
    [
        ("cedula", "171430710", ""),  # nine digits
        ("cedula", "1714307103", "VEN"),  # a cédula has no nationality
        ("foreigner_code", "EX1234", ""),
        ("passport", "V12345678", ""),  # a passport needs its country
        ("passport", "V12345678", "ECU"),
        ("visa", "v-1", "VEN"),
        ("licencia", "12345", ""),
    ],
)
def test_the_database_refuses_an_identity_that_breaks_its_kind(
    ventanilla, kind, number, nationality
):
    submission = make_submission()
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=submission.pk).update(
            identity_kind=kind, identity=number, nationality=nationality
        )


# The API


def multipart(data: dict, uploads: dict) -> dict:
    files = {field: SimpleUploadedFile(name, content) for field, (name, content) in uploads.items()}
    return {"procedure": SLUG, **data, **files}


def test_the_api_takes_a_passport_and_finds_it_by_its_number(client, ventanilla):
    response = client.post(f"{API}/", multipart(passport_data(), passport_uploads()))
    assert response.status_code == 201, response.json()
    number = response.json()["tracking_number"]
    assert Submission.objects.get().identity_document.label == "Pasaporte V12345678 (VEN)"
    status = client.post(
        f"{API}/status",
        {"tracking_number": number, "identity": "v1234-5678"},
        content_type="application/json",
    )
    assert status.status_code == 200
    assert status.json()["status"] == "received"
    other = client.post(
        f"{API}/status",
        {"tracking_number": number, "identity": "V12345679"},
        content_type="application/json",
    )
    assert other.status_code == 404


def test_the_api_refuses_a_passport_without_nationality_on_its_field(client, ventanilla):
    response = client.post(f"{API}/", multipart(passport_data(nationality=""), passport_uploads()))
    assert response.status_code == 400
    assert response.json()["field"] == "nationality"
    assert response.json()["code"] == "nationality_invalid"


def test_the_api_without_a_kind_reads_a_cedula_or_a_foreigner_code(client, ventanilla):
    data = form_data()
    del data["identity_kind"]
    response = client.post(f"{API}/", multipart(data, good_uploads()))
    assert response.status_code == 201, response.json()
    assert Submission.objects.get().identity_kind == "cedula"


def test_the_api_names_the_identity_document_of_each_requirement(client, ventanilla):
    [procedure] = client.get(f"{API}/procedures").json()
    kinds = {r["field"]: r["identity_document"] for r in procedure["requirements"]}
    assert kinds[f"document_{CEDULA}"] == "cedula"
    assert kinds[f"document_{PASSPORT_DOC}"] == "passport"
    assert kinds[f"document_{VISA_DOC}"] == "visa"
    assert kinds["document_general-1-1"] is None


# Status page and reviewer console


def test_the_status_page_finds_a_passport_submission_by_number_and_says_so(client, ventanilla):
    submission = make_submission(
        identity_kind="passport",
        identity=PASSPORT_NUMBER,
        nationality="VEN",
        attachments=passport_files(),
    )
    page = client.get(STATUS).content.decode()
    assert "Para el pasaporte o la visa basta el número, sin la nacionalidad." in page
    found = client.post(
        STATUS, {"tracking_number": submission.tracking_number, "identity": "v12345678"}
    )
    assert found.status_code == 200
    assert "Recibido, en revisión" in found.content.decode()
    wrong = client.post(
        STATUS, {"tracking_number": submission.tracking_number, "identity": "V12345670"}
    )
    assert wrong.status_code == 404


def test_the_reviewer_reads_the_identity_with_its_kind(client, reviewer_pichincha):
    submission = make_submission(
        identity_kind="passport",
        identity=PASSPORT_NUMBER,
        nationality="VEN",
        attachments=passport_files(),
    )
    client.force_login(reviewer_pichincha)
    page = client.get(
        reverse("submissions_office:detail", args=[submission.tracking_number])
    ).content.decode()
    assert '<dd id="submission-identity">Pasaporte V12345678 (VEN)</dd>' in page


MIGRATION_BEFORE = "0001_submissions_attachments_drafts"
MIGRATION_LATEST = "0002_submitter_identity_document"


@pytest.mark.django_db(transaction=True)
def test_the_migration_marks_earlier_foreigner_codes(ventanilla):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from iess.registry.validators import foreigner_code_make

    files = checked_files()
    files[FOREIGNER_CODE_DOC] = files.pop(CEDULA)
    code = make_submission(
        identity_kind="foreigner_code", identity=foreigner_code_make(4321), attachments=files
    )
    cedula = make_submission()
    try:
        MigrationExecutor(connection).migrate([("submissions", MIGRATION_BEFORE)])
    finally:
        MigrationExecutor(connection).migrate([("submissions", MIGRATION_LATEST)])
    kinds = dict(Submission.objects.values_list("pk", "identity_kind"))
    assert kinds == {code.pk: "foreigner_code", cedula.pk: "cedula"}


@pytest.mark.django_db(transaction=True)
def test_the_migration_is_not_undone_over_passport_submissions(ventanilla):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    make_submission(
        identity_kind="passport",
        identity=PASSPORT_NUMBER,
        nationality="VEN",
        attachments=passport_files(),
    )
    try:
        with pytest.raises(RuntimeError, match="cannot be undone"):
            MigrationExecutor(connection).migrate([("submissions", MIGRATION_BEFORE)])
    finally:
        MigrationExecutor(connection).migrate([("submissions", MIGRATION_LATEST)])
    assert Submission.objects.get().identity_kind == "passport"


def test_a_row_stored_without_a_kind_is_a_cedula(ventanilla):
    """What a process of the previous release, which knows no kind, stores during a rollout."""
    model = make_submission()
    copied = {
        field.attname: getattr(model, field.attname)
        for field in Submission._meta.concrete_fields
        if field.attname not in {"id", "identity_kind", "submit_key", "tracking_number"}
    }
    stored = Submission.objects.create(**copied, tracking_number="VV-2026-ROLLOUT2")
    stored.refresh_from_db()
    assert stored.identity_kind == "cedula"
