from django.db import migrations

from iess.registry.provinces import PROVINCES


def add_provinces(apps, schema_editor):
    province_model = apps.get_model("registry", "Province")
    for code, name in PROVINCES:
        province_model.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(add_provinces, migrations.RunPython.noop)]
