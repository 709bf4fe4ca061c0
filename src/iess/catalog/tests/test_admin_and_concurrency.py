import pytest
from django.db import connection

from iess.catalog.models import Attention, Procedure
from iess.catalog.services import attention_record, complaint_file
from iess.core.models import AuditEntry
from iess.core.testing import failures, run_together


def test_admin_shows_procedures_warnings_and_complaints(admin_client, catalog):
    complaint_file(
        procedure_slug="afiliacion-voluntaria",
        identity="1714307103",
        full_name="Ana",
        email="ana@example.com",
        category="other",
        text="Texto",
        province="17",
        idempotency_key="admin-test",
    )
    for name in ("procedure", "loaderwarning", "complaint", "attention"):
        assert admin_client.get(f"/oficina/admin/catalog/{name}/").status_code == 200
    warnings_page = admin_client.get("/oficina/admin/catalog/loaderwarning/").content.decode()
    assert "app.iesse.gob.ec" in warnings_page
    procedure = Procedure.objects.get(slug="certificado-no-afiliacion-extranjeros")
    page = admin_client.get(f"/oficina/admin/catalog/procedure/{procedure.pk}/change/")
    assert "atencionalusuari@iess.gob.ec" in page.content.decode()


def test_an_admin_change_is_audited(admin_client, catalog):
    procedure = Procedure.objects.get(slug="afiliacion-voluntaria")
    attention = attention_record(procedure_slug=procedure.slug, channel="online")
    response = admin_client.post(
        f"/oficina/admin/catalog/attention/{attention.pk}/change/",
        {
            "procedure": procedure.pk,
            "at_0": "2026-04-02",
            "at_1": "10:00:00",
            "channel": "counter",
            "agency": "CAU Cuenca",
            "reference": "",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.change", object_type="catalog.attention")
    assert entry.before["channel"] == "online" and entry.after["channel"] == "counter"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_reference_count_once():
    from django.core.management import call_command

    call_command("catalog_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
    outcomes = run_together(
        *[
            lambda: attention_record(
                procedure_slug="afiliacion-voluntaria", channel="online", reference="booking:42"
            )
        ]
        * 6
    )
    assert failures(outcomes) == []
    assert Attention.objects.filter(reference="booking:42").count() == 1
