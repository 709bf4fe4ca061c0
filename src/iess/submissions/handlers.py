"""Contract 2: procedure handlers of the Ventanilla Virtual.

An app adds `<app>/ventanilla.py` with `handlers() -> dict[str, VentanillaHandler]` keyed by
catalog procedure slug; the Ventanilla Virtual finds them without importing the app. A
handler may ask for a reference (e.g. the employer's RUC), check a submission before anything
is stored, and act when a reviewer approves it (inside the approval transaction)."""

from typing import Protocol

from iess.core.extensions import app_modules
from iess.registry.validators import IdentityDocument


class VentanillaHandler(Protocol):
    reference_label: str | None  # set → the form asks for it (e.g. "RUC del empleador"), required

    def check(self, *, identity: IdentityDocument, reference: str) -> None:
        """On submit, before anything is stored, with the submitter's checked identity
        document (kind, number and, for a passport or a visa, nationality); raises
        ServiceError(field="reference"|"identity")."""

    def approved(self, *, submission, actor) -> None:
        """Inside the approval transaction (the submitter's document is
        `submission.identity_document`); a ServiceError aborts the approval, shown to the
        reviewer."""


def handlers() -> dict[str, VentanillaHandler]:
    found: dict[str, VentanillaHandler] = {}
    for module in app_modules("ventanilla"):
        found.update(module.handlers())
    return found


def handler_for(procedure_slug: str) -> VentanillaHandler | None:
    return handlers().get(procedure_slug)
