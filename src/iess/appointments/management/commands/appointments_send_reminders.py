from django.core.management.base import BaseCommand

from iess.appointments.tasks import appointment_reminders


class Command(BaseCommand):
    help = (
        "Queues the reminder emails of the turns of the next working day. Schedule it once a "
        "day (e.g. cron 08:00 America/Guayaquil); running it again sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Send in this process instead of the task queue."
        )

    def handle(self, *args, **options):
        if options["now"]:
            count = appointment_reminders.call()
            self.stdout.write(f"Recordatorios enviados: {count}")
        else:
            result = appointment_reminders.enqueue()
            self.stdout.write(f"Tarea de recordatorios en cola: {result.id}")
