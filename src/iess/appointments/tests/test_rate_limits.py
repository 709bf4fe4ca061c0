"""Looking people up and sending email codes are rate-limited on pages and API alike; the
refused request sends nothing."""

import pytest
from django.urls import reverse

from iess.notifications.models import OutboxMessage
from iess.registry.demo import demo_person
from iess.registry.models import Person

pytestmark = pytest.mark.django_db

API = "/api/v1/appointments"


def _start_verification(client, identity, email):
    return client.post(
        f"{API}/verifications",
        {"identity": identity, "email": email, "mobile": "0991234567"},
        content_type="application/json",
    )


def test_api_code_sends_to_one_address_are_limited(
    client, turnero, outbox, django_capture_on_commit_callbacks
):
    maria = demo_person("maria")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_start_verification(client, maria.cedula, maria.email) for _ in range(6)]
    assert [a.status_code for a in answers] == [201] * 5 + [429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert len(outbox.to(maria.email)) == 5


def test_api_code_sends_from_one_address_are_limited(
    client, turnero, django_capture_on_commit_callbacks
):
    Person.objects.filter(pk=demo_person("jose").pk).update(email="")
    jose = demo_person("jose")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            _start_verification(client, jose.cedula, f"buzon{n}@example.ec") for n in range(11)
        ]
    assert [a.status_code for a in answers] == [201] * 10 + [429]
    assert OutboxMessage.objects.count() == 10


def test_the_identity_step_is_limited_keeping_what_was_typed(client, turnero):
    maria = demo_person("maria")
    for _ in range(20):
        assert client.post(reverse("appointments:start"), {"identity": maria.cedula}).status_code
    page = client.post(reverse("appointments:start"), {"identity": maria.cedula})
    assert page.status_code == 429
    html = page.content.decode()
    assert "Demasiados intentos" in html and f'value="{maria.cedula}"' in html


def test_the_page_code_sends_are_limited(
    client, turnero, outbox, django_capture_on_commit_callbacks
):
    maria = demo_person("maria")
    client.post(reverse("appointments:start"), {"identity": maria.cedula})
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(
                reverse("appointments:contact"), {"email": maria.email, "mobile": "0991234567"}
            )
            for _ in range(6)
        ]
    assert [a.status_code for a in answers] == [302] * 5 + [429]
    assert "Demasiados intentos" in answers[-1].content.decode()
    assert len(outbox.to(maria.email)) == 5


def test_the_code_resend_counts_as_a_send(
    client, turnero, outbox, django_capture_on_commit_callbacks, clock
):
    maria = demo_person("maria")
    client.post(reverse("appointments:start"), {"identity": maria.cedula})
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(
                reverse("appointments:contact"), {"email": maria.email, "mobile": "0991234567"}
            )
        clock.advance(minutes=2)
        page = client.post(reverse("appointments:verify"), {"resend": "1"})
    assert page.status_code == 429
    assert len(outbox.to(maria.email)) == 5


def test_booking_code_lookups_are_limited(client, turnero):
    maria = demo_person("maria")
    for _ in range(10):
        page = client.post(
            reverse("appointments:manage_lookup"), {"code": "ABCDEFGH", "identity": maria.cedula}
        )
        assert page.status_code == 200
    page = client.post(
        reverse("appointments:manage_lookup"), {"code": "ABCDEFGH", "identity": maria.cedula}
    )
    assert page.status_code == 429 and "Demasiados intentos" in page.content.decode()
    api = client.get(f"{API}/bookings/ABCDEFGH", {"identity": maria.cedula})
    assert api.status_code == 429
