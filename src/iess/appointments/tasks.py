from django.utils import translation
from django_tasks import task

from iess.appointments import services


@task()
def appointment_reminders() -> int:
    """Sends the reminders of the next working day (idempotent: one per appointment)."""
    return services.appointment_reminders_send()


@task()
def appointment_confirmation_email(
    *, appointment_id: int, language: str, starts_at: str | None = None
) -> None:
    """The confirmation email with its PDF and .ics, in the language the person booked in, for
    the turn as it was booked at `starts_at` (nothing if it was cancelled or moved since)."""
    with translation.override(language):
        services.appointment_confirmation_deliver(
            appointment_id=appointment_id, starts_at=starts_at
        )
