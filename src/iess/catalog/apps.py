from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _procedures_when_missing(sender, **kwargs):
    """Every other feature counts its attentions against these procedures, so a database
    without them (a fresh migrate, or a flush in the tests) gets the sheets loaded at once;
    `catalog_load` refreshes them after the data files change."""
    from iess.catalog.models import Procedure
    from iess.catalog.services import procedures_load

    if not Procedure.objects.exists():
        procedures_load()


class CatalogConfig(AppConfig):
    name = "iess.catalog"
    label = "catalog"
    verbose_name = _("Catálogo de trámites")

    def ready(self) -> None:
        post_migrate.connect(_procedures_when_missing, sender=self)
