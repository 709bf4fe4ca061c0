import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from iess.accounts.tests.conftest import give_clave, sign_in

pytestmark = pytest.mark.django_db


def test_mi_cuenta_shows_own_records(client, demo):
    rosa = demo("rosa")
    give_clave(rosa)
    assert sign_in(client, rosa.cedula, "Clave2026abc").status_code == 302
    page = client.get("/portal/").text
    assert rosa.full_name in page
    assert "Jubilado" in page
    assert "<svg" in page and "<rect" in page
    assert "Aportes por año" in page
    assert "Taller Artesanal Ramírez" in page
    assert "1972" in page


def test_never_affiliated_person_sees_no_records(client, demo):
    carlos = demo("carlos")
    give_clave(carlos)
    sign_in(client, carlos.cedula, "Clave2026abc")
    page = client.get("/portal/").text
    assert "No registra afiliaciones" in page
    assert "<svg" not in page


def test_no_person_id_is_taken_from_the_address(client, demo):
    maria, jose = demo("maria"), demo("jose")
    give_clave(maria)
    give_clave(jose)
    sign_in(client, maria.cedula, "Clave2026abc")
    for forged in (
        f"/portal/{jose.pk}/",
        f"/portal/personas/{jose.pk}/",
        f"/portal/{jose.cedula}/",
    ):
        assert client.get(forged).status_code == 404
    page = client.get(f"/portal/?person={jose.pk}&person_id={jose.pk}").text
    assert maria.full_name in page
    assert jose.full_name not in page
    assert jose.cedula not in page


def test_anonymous_is_sent_to_sign_in(client, demo):
    response = client.get("/portal/")
    assert response.status_code == 302
    assert "/portal/entrar/" in response.url


def test_sign_out(client, demo):
    maria = demo("maria")
    give_clave(maria)
    sign_in(client, maria.cedula, "Clave2026abc")
    assert client.post("/portal/salir/").status_code == 302
    assert client.get("/portal/").status_code == 302


def test_failed_sign_ins_lock_the_account_with_a_cool_off(demo):
    maria = demo("maria")
    give_clave(maria)
    for attempt in range(5):
        response = sign_in(Client(REMOTE_ADDR=f"10.1.0.{attempt}"), maria.cedula, "wrong1234")
    assert response.status_code == 429
    assert "Demasiados intentos" in response.text
    # Locked even with the right clave, from yet another address.
    assert sign_in(Client(REMOTE_ADDR="10.1.1.1"), maria.cedula, "Clave2026abc").status_code == 429
    # After the cool-off (time moved) the person gets in.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    assert sign_in(Client(REMOTE_ADDR="10.1.1.1"), maria.cedula, "Clave2026abc").status_code == 302


def test_failed_sign_ins_lock_the_address(demo):
    maria, jose = demo("maria"), demo("jose")
    give_clave(maria)
    give_clave(jose)
    attacker = Client(REMOTE_ADDR="10.2.0.1")
    for identity in [maria.cedula, jose.cedula] * 2 + [maria.cedula]:
        response = sign_in(attacker, identity, "wrong1234")
    assert response.status_code == 429
    assert sign_in(attacker, jose.cedula, "Clave2026abc").status_code == 429


def test_staff_login_is_limited_too(demo):
    from iess.accounts.demo import load

    load()
    staff = Client(REMOTE_ADDR="10.3.0.1")
    for _attempt in range(5):
        response = staff.post("/oficina/entrar/", {"username": "ventanilla", "password": "nope"})
    assert response.status_code == 429
    assert get_user_model().objects.filter(username="ventanilla").exists()


def test_test_client_login_without_request_still_works(demo):
    from iess.accounts.demo import DEMO_STAFF_PASSWORD, load

    load()
    assert Client().login(username="ventanilla", password=DEMO_STAFF_PASSWORD)


def test_admin_login_is_limited_too(demo):
    admin_client = Client(REMOTE_ADDR="10.4.0.1")
    for _attempt in range(5):
        response = admin_client.post(
            "/oficina/admin/login/", {"username": "admin", "password": "nope"}
        )
    assert response.status_code == 429
