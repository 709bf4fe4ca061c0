"""Reference data the voluntary affiliation needs in production as well as in the demo: the
rates of the Seguro Voluntario and the Salario Básico Unificado of 2024-2026. From then on an
administrator maintains both tables (new periods) in the admin."""

from django.db import migrations

from iess.affiliation.reference_data import RATES, SBU, iso_date, load


def unload(apps, schema_editor):
    apps.get_model("affiliation", "VoluntaryRate").objects.filter(
        valid_from__in=[iso_date(row[0]) for row in RATES]
    ).delete()
    apps.get_model("affiliation", "SalarioBasico").objects.filter(
        valid_from__in=[iso_date(row[0]) for row in SBU]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("affiliation", "0002_voluntary_affiliation")]

    operations = [migrations.RunPython(load, unload)]
