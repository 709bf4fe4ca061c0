from django_tasks import task

from iess.appointments.services import appointment_reminders_send


@task()
def appointment_reminders() -> int:
    """Sends the reminders of the next working day (idempotent: one per appointment)."""
    return appointment_reminders_send()
