"""The affiliation app's sections in the portal ("Mi cuenta")."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iess.affiliation.forms import BaseChangeForm
from iess.affiliation.voluntary_selectors import (
    voluntary_affiliation_active_get,
    voluntary_base_change_pending,
    voluntary_base_for_month,
    voluntary_obligation_list,
    voluntary_obligation_next_due,
)


def voluntary_sections(request, person) -> list[dict]:
    voluntary = voluntary_affiliation_active_get(person_id=person.pk)
    if voluntary is None:
        return []
    today = timezone.localdate()
    return [
        {
            "title": _("Afiliación voluntaria"),
            "template": "affiliation/portal_voluntary.html",
            "context": {
                "voluntary": voluntary,
                "current_base": voluntary_base_for_month(voluntary=voluntary, month=today),
                "pending_change": voluntary_base_change_pending(voluntary=voluntary, today=today),
                "obligations": list(voluntary_obligation_list(voluntary=voluntary)),
                "next_due": voluntary_obligation_next_due(voluntary=voluntary),
                "base_change_form": BaseChangeForm(prefix="voluntary"),
            },
        }
    ]


def sections(request, person) -> list[dict]:
    return voluntary_sections(request, person)
