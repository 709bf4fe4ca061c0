from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AffiliationConfig(AppConfig):
    name = "iess.affiliation"
    label = "affiliation"
    verbose_name = _("Afiliación")
