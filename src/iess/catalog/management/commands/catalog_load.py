from django.core.management.base import BaseCommand, CommandError

from iess.catalog.loader import SheetError
from iess.catalog.services import procedures_load


class Command(BaseCommand):
    help = (
        "Loads the procedure sheets (data/procedures/*.yaml) into the catalog (idempotent) and "
        "prints the defects found in the published sheets as warnings."
    )

    def handle(self, *args, **options):
        try:
            report = procedures_load()
        except SheetError as error:
            raise CommandError(str(error)) from error
        for slug, warning in report.warnings:
            self.stdout.write(
                self.style.WARNING(f"ADVERTENCIA {slug} [{warning.field}]: ") + warning.message
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Catálogo cargado: {report.procedures} trámites ({report.created} nuevos), "
                f"{report.transparency_rows} filas de transparencia, "
                f"{len(report.warnings)} advertencias."
            )
        )
