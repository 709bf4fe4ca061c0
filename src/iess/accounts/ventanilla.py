"""The clave patronal through the Ventanilla Virtual (Contract 2): the submission names the
employer's RUC; it is accepted only for a registered employer with a request generated, from
its legal representative (by any identity document of theirs: cédula, foreigner code,
passport or visa of their country), and its approval issues the clave."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iess.accounts.employer_selectors import clave_request_pending_for_ruc
from iess.accounts.employer_services import PROCEDURE_SLUG, Channel, employer_clave_issue
from iess.core.errors import ServiceError
from iess.documents.selectors import document_code_embedded
from iess.registry.employer_selectors import (
    employer_registration_get_by_ruc,
    employer_representative_identified,
)
from iess.registry.validators import IdentityDocument, ruc_validate
from iess.submissions.selectors import submission_signed_documents


class EmployerClaveHandler:
    reference_label = _("RUC del empleador")

    def _pending_request(self, *, identity: IdentityDocument, reference: str):
        try:
            ruc = ruc_validate(reference)
        except ValidationError as error:
            raise ServiceError(" ".join(error.messages), code="ruc", field="reference") from None
        registration = employer_registration_get_by_ruc(ruc)
        if registration is None:
            raise ServiceError(
                _(
                    "Este RUC no tiene registro de empleador. Registre primero al empleador y "
                    "genere la solicitud de entrega de clave."
                ),
                code="employer_not_registered",
                field="reference",
            )
        clave_request = clave_request_pending_for_ruc(ruc)
        if clave_request is None:
            raise ServiceError(
                _("El empleador no tiene una solicitud de entrega de clave pendiente: genérela."),
                code="no_pending_request",
                field="reference",
            )
        if not employer_representative_identified(registration=registration, document=identity):
            raise ServiceError(
                _(
                    "Solo el representante legal registrado del empleador puede presentar este trámite."
                ),
                code="not_representative",
                field="identity",
            )
        return clave_request

    @staticmethod
    def _documents_match(submission, clave_request) -> None:
        """The e-signed request and agreement must be the very ones this employer generated
        (their verification codes travel inside the PDF), not any signed PDF."""
        signed_codes = {
            document_code_embedded(content)
            for content in submission_signed_documents(submission=submission)
        }
        expected = [clave_request.request_document.code, clave_request.agreement_document.code]
        if not set(expected) <= signed_codes:
            raise ServiceError(
                _(
                    "Los documentos firmados no son la solicitud y el acuerdo pendientes de este "
                    "empleador (códigos %(codes)s): pida una corrección."
                )
                % {"codes": ", ".join(expected)},
                code="documents_not_this_request",
            )

    def check(self, *, identity: IdentityDocument, reference: str) -> None:
        self._pending_request(identity=identity, reference=reference)

    def approved(self, *, submission, actor) -> None:
        clave_request = self._pending_request(
            identity=submission.identity_document, reference=submission.reference
        )
        self._documents_match(submission, clave_request)
        employer_clave_issue(
            clave_request_id=clave_request.pk,
            actor=actor,
            channel=Channel.VIRTUAL,
            reference=f"ventanilla:{submission.tracking_number}",
            reason=f"Ventanilla Virtual {submission.tracking_number}",
        )


def handlers() -> dict:
    return {PROCEDURE_SLUG: EmployerClaveHandler()}
