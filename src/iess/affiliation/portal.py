"""The affiliate's own records on "Mi cuenta": affiliation status, the voluntary affiliation
(base, bills, notice, base change), contributions (a table and a server-drawn chart) and
employment history."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iess.affiliation import selectors
from iess.affiliation.forms import BaseChangeForm
from iess.affiliation.voluntary_selectors import (
    voluntary_affiliation_active_get,
    voluntary_base_change_pending,
    voluntary_base_for_month,
    voluntary_obligation_list,
    voluntary_obligation_next_due,
)

CHART_WIDTH = 640
CHART_HEIGHT = 220
CHART_MARGIN_LEFT = 56
CHART_MARGIN_BOTTOM = 28
CHART_MARGIN_TOP = 12


def contributions_chart(yearly: list[dict]) -> dict | None:
    """Bar geometry of the yearly amounts, for an inline SVG (no script, no image file)."""
    if not yearly:
        return None
    top = max(row["amount"] for row in yearly) or Decimal(1)
    plot_width = CHART_WIDTH - CHART_MARGIN_LEFT - 8
    plot_height = CHART_HEIGHT - CHART_MARGIN_BOTTOM - CHART_MARGIN_TOP
    slot = plot_width / len(yearly)
    label_every = max(1, round(len(yearly) / 10))
    bars = []
    for index, row in enumerate(yearly):
        height = float(row["amount"] / top) * plot_height
        x = CHART_MARGIN_LEFT + index * slot
        bars.append(
            {
                "x": round(x + slot * 0.15, 1),
                "y": round(CHART_MARGIN_TOP + plot_height - height, 1),
                "width": round(max(slot * 0.7, 1), 1),
                "height": round(height, 1),
                "year": row["year"],
                "amount": row["amount"],
                "label_x": round(x + slot / 2, 1),
                "show_label": index % label_every == 0 or index == len(yearly) - 1,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bars": bars,
        "top": top,
        "axis_y": CHART_MARGIN_TOP + plot_height,
        "axis_x": CHART_MARGIN_LEFT,
        "top_y": CHART_MARGIN_TOP,
        "label_y": CHART_HEIGHT - 8,
        "right": CHART_WIDTH - 8,
        "first": yearly[0]["year"],
        "last": yearly[-1]["year"],
    }


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
    active = list(selectors.affiliation_active_list(person_id=person.pk))
    all_affiliations = list(selectors.affiliation_list(person_id=person.pk))
    retired = selectors.person_is_retired(person_id=person.pk)
    yearly = selectors.contribution_yearly_totals(person_id=person.pk)
    total_months = sum(row["months"] for row in yearly)
    status = [
        {
            "title": _("Estado de afiliación"),
            "template": "affiliation/portal/status.html",
            "context": {
                "active": active,
                "retired": retired,
                "retirement": getattr(person, "retirement", None) if retired else None,
                "ever_affiliated": bool(all_affiliations),
                "total_months": total_months,
            },
        }
    ]
    records = [
        {
            "title": _("Historial de aportes"),
            "template": "affiliation/portal/contributions.html",
            "context": {
                "yearly": yearly,
                "chart": contributions_chart(yearly),
                "total_months": total_months,
                "recent": list(selectors.contribution_list(person_id=person.pk)[:12]),
            },
        },
        {
            "title": _("Historia laboral"),
            "template": "affiliation/portal/employment.html",
            "context": {"records": list(selectors.employment_history(person_id=person.pk))},
        },
    ]
    return status + voluntary_sections(request, person) + records
