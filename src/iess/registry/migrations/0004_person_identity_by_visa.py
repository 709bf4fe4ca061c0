"""A foreigner without a passport is registered by visa and nationality (docs/decisions.md §35).

Until now such a person was filed with the visa number copied into `passport_number`. The
registry kept no mark of that, so the data step moves only the rows that can only have come
from it: no cédula (the foreigner procedures never register a cédula holder) and a passport
number equal to the visa number. A person whose real passport happens to carry the same
number as their visa cannot be told apart and loses the passport too; the next registration
with that passport and visa finds them by the visa and records the passport again. A row is
left alone when another person of the same nationality is already known by that visa alone,
so the new unique constraint always holds."""

from django.db import migrations, models
from django.db.models import Exists, F, OuterRef


def visa_copies_clear(apps, schema_editor):
    person_model = apps.get_model("registry", "Person")
    known_by_visa = person_model.objects.filter(
        nationality=OuterRef("nationality"),
        visa_number=OuterRef("visa_number"),
        passport_number="",
    )
    person_model.objects.filter(cedula__isnull=True, passport_number=F("visa_number")).exclude(
        visa_number=""
    ).exclude(Exists(known_by_visa)).update(passport_number="")


def visa_copies_restore(apps, schema_editor):
    # Back to the old shape, which the old check constraint needs; a visa longer than the
    # passport column (20) or equal to another person's passport stops the rollback loudly.
    person_model = apps.get_model("registry", "Person")
    person_model.objects.filter(cedula__isnull=True, passport_number="").exclude(
        visa_number=""
    ).update(passport_number=F("visa_number"))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_employer_registration"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="person",
            name="person_has_identity_document",
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("cedula__isnull", False),
                    models.Q(("passport_number", ""), _negated=True),
                    models.Q(("visa_number", ""), _negated=True),
                    _connector="OR",
                ),
                name="person_has_identity_document",
            ),
        ),
        migrations.RunPython(visa_copies_clear, visa_copies_restore),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("passport_number", ""), models.Q(("visa_number", ""), _negated=True)
                ),
                fields=("nationality", "visa_number"),
                name="person_unique_visa_without_passport",
            ),
        ),
    ]
