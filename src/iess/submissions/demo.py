"""Demo submissions in several provinces, so the `revisor` demo login (Pichincha) sees a queue
and a national administrator sees them all.

Each goes through the real service, so the procedure's handler (Contract 2) may refuse one
(e.g. an employer whose clave patronal is already active); the demo then skips it and says so.
"""

import logging

from iess.accounts.employer_selectors import clave_request_pending_for_ruc
from iess.core.errors import ServiceError
from iess.documents.demo import citizen_pdf_sign
from iess.documents.testing import sample_pdf
from iess.registry.demo import demo_person
from iess.registry.models import Employer
from iess.registry.validators import IdentityDocumentKind
from iess.submissions import selectors, services
from iess.submissions.files import attachment_check
from iess.submissions.models import Submission

SLUG = "clave-patronal-portal"

logger = logging.getLogger(__name__)

# (person key, province code chosen by the citizen, message); each person is the legal
# representative of one demo employer, whose RUC is the reference.
DEMO_SUBMISSIONS = [
    ("jose", "17", "Solicito la clave patronal de Exportadora del Pacífico Cía. Ltda."),
    ("pedro", "07", "Solicito la clave patronal del Taller Artesanal Ramírez."),
    ("maria", "09", "Solicito la clave patronal de Comercial Andina S.A."),
]


def _documents(procedure, person, employer) -> dict:
    """Every required document: scans as PDFs; the request and the agreement the employer
    generated, e-signed by the representative's demo citizen certificate."""
    pending = clave_request_pending_for_ruc(employer.ruc)
    generated = (
        {"Solicitud": pending.request_document.pdf, "Acuerdo": pending.agreement_document.pdf}
        if pending is not None
        else {}
    )
    checked = {}
    for slot in selectors.requirement_slots(procedure):
        if slot.kind != "required":
            continue
        content = sample_pdf(f"{slot.label}\n{person.full_name}\n{employer.legal_name}")
        if slot.electronic_signature:
            original = next(
                (bytes(pdf) for word, pdf in generated.items() if pdf and word in slot.label),
                content,
            )
            content = citizen_pdf_sign(original, signer_name=person.full_name)
        checked[slot.key] = attachment_check(
            filename=f"{slot.label[:40]}.pdf".replace(" ", "_"),
            content=content,
            electronic_signature=slot.electronic_signature,
        )
    return checked


def load() -> dict[str, int]:
    procedure = selectors.ventanilla_procedure_get(slug=SLUG)
    if procedure is None:  # the catalog is not loaded: nothing to submit to
        return {"submissions": 0}
    created = skipped = 0
    for person_key, province, message in DEMO_SUBMISSIONS:
        person = demo_person(person_key)
        if Submission.objects.filter(identity=person.cedula, message=message).exists():
            continue
        employer = Employer.objects.get(legal_representative=person)
        try:
            services.submission_create(
                procedure_slug=SLUG,
                identity_kind=IdentityDocumentKind.CEDULA,
                identity=person.cedula,
                names=person.full_name,
                email=person.email,
                mobile=person.mobile,
                province_code=province,
                message=message,
                reference=employer.ruc,
                attachments=_documents(procedure, person, employer),
            )
        except ServiceError as error:
            logger.info("demo submission of %s skipped: %s", person_key, error.message)
            skipped += 1
        else:
            created += 1
    return {"submissions": Submission.objects.count(), "created": created, "skipped": skipped}
