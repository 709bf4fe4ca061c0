"""The confirmation task sends nothing for a turn cancelled or moved after it was queued."""

import pytest

from iess.appointments import services
from iess.appointments.tests.conftest import at
from iess.documents.models import IssuedDocument
from iess.registry.demo import demo_person

pytestmark = pytest.mark.django_db

TUESDAY_9 = at(24, 9)


def test_a_turn_cancelled_before_the_worker_runs_gets_no_confirmation(
    turnero, verify, outbox, django_capture_on_commit_callbacks
):
    maria = demo_person("maria")
    verification_id = verify(maria)
    with django_capture_on_commit_callbacks() as queued:
        appointment = services.appointment_book(
            verification_id=verification_id,
            person=maria,
            procedure=turnero.clave,
            agency=turnero.quito,
            starts_at=TUESDAY_9,
            email=maria.email,
            mobile="+593991234567",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.appointment_cancel(appointment=appointment)
    for callback in queued:  # the worker runs the confirmation task only now
        callback()
    assert not [m for m in outbox.to(maria.email) if "Confirmación" in m.subject]
    assert not IssuedDocument.objects.filter(revoked_at__isnull=True).exists()


def test_a_confirmation_queued_for_the_old_time_of_a_moved_turn_is_dropped(book, outbox):
    appointment = book(demo_person("maria"), TUESDAY_9)
    services.appointment_reschedule(appointment=appointment, starts_at=at(25, 11))
    sent = len(outbox.to(appointment.email))
    services.appointment_confirmation_deliver(
        appointment_id=appointment.pk, starts_at=TUESDAY_9.isoformat()
    )
    assert len(outbox.to(appointment.email)) == sent
