from django.core.management.base import BaseCommand
from django.db import transaction

from iess.core.extensions import app_modules


class Command(BaseCommand):
    help = "Loads the deterministic demo data of every app (idempotent) and prints the logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            for module in app_modules("demo"):
                counts = module.load()
                summary = ", ".join(f"{key}: {value}" for key, value in counts.items())
                self.stdout.write(f"{module.__name__}: {summary}")
        self.stdout.write(self.style.SUCCESS("Datos de demostración cargados."))
        for module in app_modules("demo"):
            for line in getattr(module, "logins", list)():
                self.stdout.write(f"  {line}")
