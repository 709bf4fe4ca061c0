import datetime

from django.core.management.base import BaseCommand

from iess.affiliation.tasks import voluntary_notice_deliver
from iess.affiliation.voluntary_services import voluntary_notices_undelivered


class Command(BaseCommand):
    help = (
        "Enqueues again the aviso de entrada of voluntary affiliations whose notice was not "
        "emailed (failed attempts, a lost enqueue, a worker that died). Run it every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=15,
            help="Only records whose last attempt (or registration) is at least this old.",
        )

    def handle(self, *args, **options):
        pending = voluntary_notices_undelivered(
            retry_after=datetime.timedelta(minutes=options["older_than_minutes"])
        )
        count = 0
        for voluntary_id in pending.values_list("pk", flat=True):
            voluntary_notice_deliver.enqueue(voluntary_id=voluntary_id)
            count += 1
        self.stdout.write(f"{count} aviso(s) de entrada encolados.")
