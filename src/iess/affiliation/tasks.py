import datetime

from django.utils import timezone
from django_tasks import task

from iess.affiliation import voluntary_services


def retry_delay(attempt: int) -> datetime.timedelta:
    """Back-off before attempt `attempt + 1`: 1, 2, 4, 8 minutes."""
    return datetime.timedelta(minutes=2 ** (attempt - 1))


@task()
def voluntary_notice_deliver(*, voluntary_id: int) -> bool:
    """Generates the aviso de entrada and emails it. django-tasks 0.12 has no automatic retry:
    after a failure the task enqueues itself again with a delay when the backend can defer
    (the database backend can), up to NOTICE_MAX_ATTEMPTS attempts; the
    `voluntary_notices_retry` command sweeps whatever is still undelivered (docs/decisions.md).
    """
    try:
        return voluntary_services.voluntary_notice_send(voluntary_id=voluntary_id)
    except Exception:
        attempts = (
            voluntary_services.VoluntaryAffiliation.objects.filter(pk=voluntary_id)
            .values_list("notice_attempts", flat=True)
            .first()
        )
        backend = voluntary_notice_deliver.get_backend()
        if (
            attempts
            and attempts < voluntary_services.NOTICE_MAX_ATTEMPTS
            and backend.supports_defer
        ):
            voluntary_notice_deliver.using(
                run_after=timezone.now() + retry_delay(attempts)
            ).enqueue(voluntary_id=voluntary_id)
        raise
