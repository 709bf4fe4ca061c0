from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _role_groups_after_flush(sender, apps=global_apps, **kwargs):
    """Django sends post_migrate after every flush too, so the role groups come back."""
    from iess.accounts.roles import Role

    group_model = apps.get_model("auth", "Group")
    for role in Role:
        group_model.objects.get_or_create(name=role.value)


class AccountsConfig(AppConfig):
    name = "iess.accounts"
    label = "accounts"
    verbose_name = _("Cuentas y claves")

    def ready(self) -> None:
        post_migrate.connect(_role_groups_after_flush, sender=self)
