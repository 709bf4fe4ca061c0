from django.core.management.base import BaseCommand
from django.utils import timezone

from iess.affiliation.models import Affiliation, VoluntaryAffiliation
from iess.affiliation.voluntary_services import voluntary_obligations_generate


class Command(BaseCommand):
    help = "Creates the monthly obligations of every active voluntary affiliation up to this month."

    def handle(self, *args, **options):
        today = timezone.localdate()
        created = 0
        active = VoluntaryAffiliation.objects.select_related("affiliation").filter(
            affiliation__status=Affiliation.Status.ACTIVE
        )
        for voluntary in active.iterator():
            created += len(voluntary_obligations_generate(voluntary=voluntary, through=today))
        self.stdout.write(f"{created} obligación(es) creadas.")
