from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _reference_data_after_flush(sender, apps=global_apps, **kwargs):
    from iess.affiliation.reference_data import load_if_missing

    load_if_missing(apps)


class AffiliationConfig(AppConfig):
    name = "iess.affiliation"
    label = "affiliation"
    verbose_name = _("Afiliación")

    def ready(self) -> None:
        post_migrate.connect(_reference_data_after_flush, sender=self)
