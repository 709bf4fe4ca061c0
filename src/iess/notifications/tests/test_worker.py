import pytest
from django.core.management import call_command
from django.test import override_settings

from iess.notifications.models import OutboxMessage
from iess.notifications.services import email_queue

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_database_worker_delivers_queued_email():
    """What `make run` and production do: the request queues, `db_worker` delivers."""
    email_queue(
        to="rosa.quishpe@example.ec",
        subject="Prueba de entrega",
        template="notifications/email/verification_code",
        context={"code": "123456", "minutes": 10},
    )
    assert OutboxMessage.objects.count() == 0
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    message = OutboxMessage.objects.get()
    assert message.subject == "Prueba de entrega" and "123456" in message.body
