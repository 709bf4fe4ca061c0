"""Data for the Ventanilla Virtual tests: the clave patronal's documents and staff."""

from iess.accounts.roles import Role
from iess.accounts.services import staff_user_create
from iess.documents.testing import pdf_sign_with, signer
from iess.submissions import selectors
from iess.submissions.files import attachment_check
from iess.submissions.services import submission_create
from iess.submissions.tests import corpus

SLUG = "clave-patronal-portal"
CEDULA_NUMBER = "1714307103"
PASSWORD = "Clave-de-prueba-2026"
# Requirement keys of the sheet's Ventanilla Virtual group (the second "general" group).
RUC = "general-1-1"
SIGNED_REQUEST = "general-1-2"
CEDULA = "general-1-3"
SIGNED_AGREEMENT = "general-1-4"
FOREIGNER_CODE_DOC = "alternative-0-1"
PASSPORT_DOC = "alternative-0-2"
VISA_DOC = "alternative-0-3"


def signed_pdf(text: str = "Solicitud firmada") -> bytes:
    return pdf_sign_with(corpus.pdf(text), signer("María Andrade"))


def good_uploads() -> dict[str, tuple[str, bytes]]:
    """Field name → (file name, content) for every required document of the clave patronal."""
    return {
        f"document_{RUC}": ("ruc.pdf", corpus.pdf("RUC")),
        f"document_{SIGNED_REQUEST}": ("solicitud.pdf", signed_pdf()),
        f"document_{CEDULA}": ("cedula.jpg", corpus.jpg()),
        f"document_{SIGNED_AGREEMENT}": ("acuerdo.pdf", signed_pdf("Acuerdo")),
    }


def form_data(**changes) -> dict:
    data = {
        "identity_kind": "cedula",
        "identity": CEDULA_NUMBER,
        "nationality": "",
        "names": "María Andrade",
        "email": "maria@example.ec",
        "mobile": "0991234567",
        "province": "17",
        "message": "Solicito la clave patronal de mi empresa.",
        "reference": "1790012345001",
    }
    data.update(changes)
    return data


def checked_files() -> dict:
    procedure = selectors.ventanilla_procedure_get(slug=SLUG)
    slots = {slot.field_name: slot for slot in selectors.requirement_slots(procedure)}
    return {
        slots[field].key: attachment_check(
            filename=name, content=content, electronic_signature=slots[field].electronic_signature
        )
        for field, (name, content) in good_uploads().items()
    }


def make_submission(province_code: str = "17", *, submit_key="", attachments=None, **changes):
    data = form_data(**changes)
    return submission_create(
        submit_key=submit_key,
        procedure_slug=SLUG,
        identity_kind=data["identity_kind"],
        identity=data["identity"],
        nationality=data["nationality"],
        names=data["names"],
        email=data["email"],
        mobile=data["mobile"],
        province_code=province_code,
        message=data["message"],
        reference=data["reference"],
        attachments=attachments if attachments is not None else checked_files(),
    )


def staff(username: str, role: Role, province_code: str | None):
    return staff_user_create(
        username=username, password=PASSWORD, role=role, province_code=province_code
    )
