import pytest

from iess.affiliation.models import SalarioBasico
from iess.core.models import AuditEntry

pytestmark = pytest.mark.django_db

ADD_SBU = "/oficina/admin/affiliation/salariobasico/add/"


def test_admin_refuses_overlap_and_audits_a_new_period(admin_client):
    response = admin_client.post(ADD_SBU, {"valid_from": "2026-06-01", "amount": "500.00"})
    assert response.status_code == 200
    assert "se superponen" in response.content.decode()

    current = SalarioBasico.objects.get(valid_from="2026-01-01")
    response = admin_client.post(
        f"/oficina/admin/affiliation/salariobasico/{current.pk}/change/",
        {"valid_from": "2026-01-01", "valid_to": "2026-12-31", "amount": "482.00"},
    )
    assert response.status_code == 302
    response = admin_client.post(ADD_SBU, {"valid_from": "2027-01-01", "amount": "500.00"})
    assert response.status_code == 302
    assert SalarioBasico.objects.filter(valid_from="2027-01-01", amount="500.00").exists()
    actions = list(
        AuditEntry.objects.filter(object_type="affiliation.salariobasico").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["admin.add", "admin.change"]


def test_openapi_lists_the_voluntary_affiliation_api(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/voluntary-affiliation/applications/{application_id}/accept" in paths


def test_staff_can_lift_a_birth_date_block_and_it_is_audited(admin_client, carlos):
    from iess.affiliation.models import BirthDateFailure

    failures = [BirthDateFailure.objects.create(person=carlos) for _n in range(5)]
    listing = admin_client.get("/oficina/admin/affiliation/birthdatefailure/", {"q": carlos.cedula})
    assert listing.status_code == 200
    response = admin_client.post(
        "/oficina/admin/affiliation/birthdatefailure/",
        {
            "action": "delete_selected",
            "_selected_action": [f.pk for f in failures],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not BirthDateFailure.objects.exists()
    assert AuditEntry.objects.filter(object_type="affiliation.birthdatefailure").count() == 5
