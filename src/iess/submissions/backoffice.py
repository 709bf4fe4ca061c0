from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iess.submissions.selectors import staff_can_review


def links(user) -> list[tuple[str, str]]:
    if not staff_can_review(user):
        return []
    return [(_("Ventanilla Virtual: trámites por revisar"), reverse("submissions_office:queue"))]
