import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from iess.accounts.demo import DEMO_STAFF_PASSWORD
from iess.accounts.demo import load as load_accounts
from iess.core.models import AuditEntry
from iess.registry import demo as registry_demo
from iess.registry.models import Province

pytestmark = pytest.mark.django_db


def load_staff():
    registry_demo.load()
    load_accounts()


def test_home_is_spanish_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es-EC">' in html
    assert "Servicios en línea del IESS" in html


def test_language_switch_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "IESS online services" in html
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"}, follow=True)
    assert "Servicios en línea del IESS" in response.content.decode()


def test_pages_use_no_asset_from_the_internet(client):
    html = client.get("/").content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


def test_back_office_needs_a_staff_login(client):
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 302 and reverse("backoffice:login") in response["Location"]


def test_staff_sign_in_shows_their_role(client):
    load_staff()
    response = client.post(
        reverse("backoffice:login"),
        {"username": "ventanilla", "password": DEMO_STAFF_PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ventanilla" in html


def test_staff_roles_are_groups():
    load_staff()
    user = get_user_model().objects.get(username="juridico")
    assert list(user.groups.values_list("name", flat=True)) == ["Asesor jurídico"]
    assert user.staff_profile.province_id == "17"
    assert get_user_model().objects.get(username="admin").staff_profile.province is None


def test_admin_writes_are_audited(client):
    load_staff()
    client.login(username="admin", password=DEMO_STAFF_PASSWORD)
    url = reverse("admin:registry_province_change", args=["17"])
    response = client.post(url, {"code": "17", "name": "Pichincha (renombrada)"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.change", object_type="registry.province")
    assert entry.actor_label == "admin"
    assert entry.before["name"] == "Pichincha" and entry.after["name"] == "Pichincha (renombrada)"
    assert Province.objects.get(code="17").name == "Pichincha (renombrada)"


def test_api_documentation_page_uses_no_asset_from_the_internet(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger" in html.lower()
    assert "cdn." not in html and "https://" not in html


def test_malformed_api_input_gets_the_one_error_shape(client):
    response = client.post(
        "/api/v1/voluntary-affiliation/quote",
        {"declared_base": "abc"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and body["detail"] and "field" in body
