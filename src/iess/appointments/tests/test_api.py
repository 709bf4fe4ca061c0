import re

import pytest

from iess.appointments.models import Appointment, Slot
from iess.appointments.tests.conftest import at
from iess.registry.demo import demo_person

pytestmark = pytest.mark.django_db

API = "/api/v1/appointments"
TUESDAY_9 = at(24, 9)


@pytest.fixture
def verified(client, turnero, outbox, django_capture_on_commit_callbacks):
    def run(person):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"{API}/verifications",
                {"identity": person.identity_number, "email": person.email, "mobile": "0991234567"},
                content_type="application/json",
            )
        assert response.status_code == 201, response.content
        verification_id = response.json()["verification_id"]
        code = re.search(r"\b(\d{6})\b", outbox.latest(person.email, "Verificar IESS").body).group(
            1
        )
        check = client.post(
            f"{API}/verifications/{verification_id}/check",
            {"code": code},
            content_type="application/json",
        )
        assert check.status_code == 200
        return verification_id

    return run


def _booking(client, person, verification_id, turnero, key="k-1", **extra):
    body = {
        "verification_id": verification_id,
        "identity": person.identity_number,
        "procedure": "clave-patronal-portal",
        "agency": turnero.quito.pk,
        "starts_at": TUESDAY_9.isoformat(),
        "mobile": "0991234567",
        **extra,
    }
    return client.post(
        f"{API}/bookings", body, content_type="application/json", headers={"Idempotency-Key": key}
    )


def test_catalogue_and_availability(client, turnero):
    assert {p["slug"] for p in client.get(f"{API}/procedures").json()} >= {"clave-patronal-portal"}
    agencies = client.get(
        f"{API}/agencies", {"province": "17", "procedure": "clave-patronal-portal"}
    ).json()
    assert [a["name"] for a in agencies] == ["CAU Quito Norte"]
    days = client.get(
        f"{API}/availability", {"agency": turnero.quito.pk, "procedure": "clave-patronal-portal"}
    ).json()
    assert {"day": "2026-11-28", "free": 0} in days
    slots = client.get(
        f"{API}/availability/2026-11-24",
        {"agency": turnero.quito.pk, "procedure": "clave-patronal-portal"},
    ).json()
    assert slots[0]["free"] == 2


def test_book_once_with_the_idempotency_key(client, turnero, verified):
    maria = demo_person("maria")
    verification_id = verified(maria)
    first = _booking(client, maria, verification_id, turnero)
    again = _booking(client, maria, verification_id, turnero)
    assert first.status_code == 201 and again.status_code == 201
    assert first.json()["code"] == again.json()["code"]
    assert first.json()["starts_at_local"].startswith("2026-11-24T09:00:00-05:00")
    assert Slot.objects.get().booked == 1


def test_api_refusals_change_nothing(client, turnero, verified):
    maria, jose = demo_person("maria"), demo_person("jose")
    verification_id = verified(maria)
    cases = [
        ({"identity": jose.cedula}, 403),  # someone else's verification
        ({"agency": 999999}, 404),  # forged agency
        ({"procedure": "no-existe"}, 404),
        ({"starts_at": at(24, 9, 7).isoformat()}, 409),  # forged slot time
        ({"starts_at": at(20, 9).isoformat()}, 409),  # in the past
    ]
    for n, (change, status) in enumerate(cases):
        response = _booking(client, maria, verification_id, turnero, key=f"k{n}", **change)
        assert response.status_code == status, (change, response.content)
        assert set(response.json()) == {"code", "detail", "field"}
    bad = client.post(f"{API}/bookings", {"nonsense": 1}, content_type="application/json")
    assert bad.status_code in (400, 422)
    assert not Appointment.objects.exists() and not Slot.objects.exists()


def test_wrong_email_code_is_counted(client, turnero, outbox, django_capture_on_commit_callbacks):
    maria = demo_person("maria")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}/verifications",
            {"identity": maria.cedula, "email": maria.email, "mobile": "0991234567"},
            content_type="application/json",
        )
    verification_id = response.json()["verification_id"]
    check = client.post(
        f"{API}/verifications/{verification_id}/check",
        {"code": "12345x"},
        content_type="application/json",
    )
    assert check.status_code == 400 and check.json()["code"] == "wrong_code"


def test_get_cancel_and_reschedule_need_the_identity(client, turnero, verified):
    maria = demo_person("maria")
    code = _booking(client, maria, verified(maria), turnero).json()["code"]
    assert (
        client.get(f"{API}/bookings/{code}", {"identity": demo_person("jose").cedula}).status_code
        == 404
    )
    assert (
        client.get(f"{API}/bookings/{code}", {"identity": maria.cedula}).json()["status"]
        == "booked"
    )
    moved = client.post(
        f"{API}/bookings/{code}/reschedule",
        {"identity": maria.cedula, "starts_at": at(25, 10).isoformat()},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["starts_at_local"].startswith(
        "2026-11-25T10:00"
    )
    refused = client.post(
        f"{API}/bookings/{code}/cancel", {"identity": "0000000000"}, content_type="application/json"
    )
    assert refused.status_code == 404
    cancelled = client.post(
        f"{API}/bookings/{code}/cancel", {"identity": maria.cedula}, content_type="application/json"
    )
    assert cancelled.json()["status"] == "cancelled"
    assert Slot.objects.filter(booked__gt=0).count() == 0


# Query budgets: a booking or a calendar that starts costing one query per slot, per day or per
# earlier booking fails here (see benchmarks/ for the timings).
BOOKING_QUERIES = 14
CALENDAR_QUERIES = 6


def test_a_booking_request_costs_a_fixed_number_of_queries(
    client, turnero, verified, django_assert_max_num_queries
):
    for n, name in enumerate(["jose", "rosa"]):
        person = demo_person(name)
        _booking(client, person, verified(person), turnero, key=f"warm-{n}", starts_at=at(25, 9))
    maria = demo_person("maria")
    verification_id = verified(maria)
    with django_assert_max_num_queries(BOOKING_QUERIES):
        response = _booking(client, maria, verification_id, turnero)
    assert response.status_code == 201, response.content


def test_the_calendar_request_costs_a_fixed_number_of_queries(
    client, turnero, verified, django_assert_max_num_queries
):
    for n, (name, day) in enumerate([("jose", 24), ("rosa", 25), ("maria", 26)]):
        person = demo_person(name)
        _booking(client, person, verified(person), turnero, key=f"k-{n}", starts_at=at(day, 9))
    with django_assert_max_num_queries(CALENDAR_QUERIES):
        response = client.get(
            f"{API}/availability",
            {"agency": turnero.quito.pk, "procedure": "clave-patronal-portal"},
        )
    assert response.status_code == 200
    assert {"day": "2026-11-26", "free": 2 * 27 - 1} in response.json()


def test_a_bad_mobile_or_an_overlong_email_is_a_clear_400(client, turnero, verified):
    maria = demo_person("maria")
    booking = _booking(client, maria, verified(maria), turnero, mobile="x" * 40)
    assert booking.status_code == 400 and booking.json()["field"] == "mobile"
    assert not Appointment.objects.exists()
    long_email = "a" * 300 + "@example.ec"
    response = client.post(
        f"{API}/verifications",
        {"identity": demo_person("jose").cedula, "email": long_email, "mobile": "0991234567"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "email"


def test_the_api_stores_the_mobile_in_e164(client, turnero, verified):
    maria = demo_person("maria")
    assert _booking(client, maria, verified(maria), turnero).status_code == 201
    assert Appointment.objects.get().mobile == "+593991234567"
