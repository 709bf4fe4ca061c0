from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _provinces_after_flush(sender, apps=global_apps, **kwargs):
    """Django sends post_migrate after every flush (as it does to recreate content types), so
    a flushed database gets its 24 provinces back."""
    province_model = apps.get_model("registry", "Province")
    if not province_model.objects.exists():
        from iess.registry.provinces import PROVINCES

        province_model.objects.bulk_create(
            [province_model(code=code, name=name) for code, name in PROVINCES]
        )


class RegistryConfig(AppConfig):
    name = "iess.registry"
    label = "registry"
    verbose_name = _("Registro de identidades")

    def ready(self) -> None:
        post_migrate.connect(_provinces_after_flush, sender=self)
