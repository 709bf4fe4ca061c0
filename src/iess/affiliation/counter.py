"""The foreigners' procedures in the clerk's console, under the turn being attended."""

from django.urls import reverse
from django.utils.translation import gettext as _

from iess.affiliation import foreigner_selectors as selectors


def actions(request, ticket) -> list[tuple[str, str]]:
    if ticket is None:
        return []
    slug = ticket.procedure.slug
    if slug == selectors.CODE_PROCEDURE:
        result = [
            (
                _("Registrar solicitud de código de extranjero"),
                reverse("foreigners_office:code_request_new", args=[ticket.pk]),
            )
        ]
        for item in selectors.foreigner_code_requests_for_ticket(ticket=ticket):
            result.append(
                (
                    _("Solicitud de %(name)s (%(status)s)")
                    % {"name": item.full_name, "status": item.get_status_display()},
                    reverse("foreigners_office:code_request", args=[item.pk]),
                )
            )
        return result
    if slug == selectors.CERTIFICATE_PROCEDURE:
        result = [
            (
                _("Certificado de no afiliación para extranjeros"),
                reverse("foreigners_office:certificate_new", args=[ticket.pk]),
            )
        ]
        for item in selectors.non_affiliation_requests_for_ticket(ticket=ticket):
            result.append(
                (
                    _("Certificado de %(name)s (%(status)s)")
                    % {"name": item.full_name, "status": item.get_status_display()},
                    reverse("foreigners_office:certificate", args=[item.pk]),
                )
            )
        return result
    return []
