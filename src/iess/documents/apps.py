from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "iess.documents"
    label = "documents"
    verbose_name = _("Documentos emitidos")

    def ready(self):
        from iess.documents import checks  # noqa: F401 -- registers the system checks
