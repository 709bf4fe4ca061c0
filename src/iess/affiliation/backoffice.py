from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iess.affiliation import foreigner_selectors as selectors


def links(user) -> list[tuple[str, str]]:
    result = []
    if selectors.clerk_province_code(user) is not None:
        result.append(
            (
                _("Extranjeros: solicitudes de código"),
                reverse("foreigners_office:code_request_list"),
            )
        )
    if selectors.legal_advisor_scope(user)[0]:
        result.append(
            (
                _("Asesoría Jurídica: poderes notariales por validar"),
                reverse("foreigners_office:power_list"),
            )
        )
    return result
