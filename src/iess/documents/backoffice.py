from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iess.accounts.roles import user_has_role
from iess.documents.views import REVOKING_ROLES


def links(user) -> list[tuple[str, str]]:
    if user_has_role(user, *REVOKING_ROLES):
        return [(_("Anular un documento emitido"), reverse("documents_office:document_office"))]
    return []
