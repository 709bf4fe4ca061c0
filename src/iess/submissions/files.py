"""Checks of an uploaded document by its content, never by its name or declared type: a JPG
must open and decode as an image (Pillow), a PDF must parse (pypdf) and carry no
encryption, JavaScript or embedded files; where the sheet requires an electronic signature,
the PDF's signature must be present, intact, covering the whole file and trusted (pyHanko,
through iess.documents.signing). Each refusal has its own message."""

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import DictionaryObject, IndirectObject, NameObject

from iess.core.errors import ServiceError
from iess.submissions.models import ATTACHMENT_MAX_BYTES, ContentType

JPEG_MAGIC = b"\xff\xd8\xff"
PDF_MAGIC = b"%PDF-"
EXTENSIONS = {".jpg": ContentType.JPEG, ".jpeg": ContentType.JPEG, ".pdf": ContentType.PDF}
# A scanned page at 600 dpi is about 35 million pixels; more is a decompression bomb.
IMAGE_MAX_PIXELS = 40_000_000
# Objects visited in a PDF before it is refused as too complex (a 1 MB file of real scans
# or forms has a few thousand).
PDF_MAX_OBJECTS = 50_000
SCRIPT_KEYS = {"/JS", "/JavaScript"}
EMBEDDED_FILE_KEYS = {"/EmbeddedFiles", "/EmbeddedFile"}
EMBEDDED_FILE_NAMES = {"/EmbeddedFile", "/FileAttachment"}
LAUNCH_NAMES = {"/Launch"}


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content: bytes
    content_type: str
    sha256: str
    signature: object | None = None  # iess.documents.signing.SignatureReport

    @property
    def size(self) -> int:
        return len(self.content)


def too_large_message():
    return _(
        "El archivo supera el tamaño máximo de 1 MB; redúzcalo (escanéelo a menor resolución)."
    )


def _refuse(message, code: str, field: str | None) -> ServiceError:
    return ServiceError(message, code=code, field=field)


def filename_clean(name: str) -> str:
    """The file's own name without any folder part, safe to show and to send back."""
    base = PurePath((name or "").replace("\\", "/")).name
    try:
        cleaned = get_valid_filename(base)
    except Exception:  # noqa: BLE001 - Django refuses names like "..": use a neutral one
        cleaned = "documento"
    return cleaned[-120:]


def _image_check(content: bytes, field: str | None) -> None:
    if PDF_MAGIC in content:
        raise _refuse(
            _(
                "La imagen JPG lleva otro documento (un PDF) en su interior; cargue una imagen limpia."
            ),
            "jpg_polyglot",
            field,
        )
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            if image.format != "JPEG":
                raise ValueError(image.format)
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise _refuse(
                    _(
                        "La imagen tiene demasiados píxeles; escanee el documento a menor resolución."
                    ),
                    "image_too_many_pixels",
                    field,
                )
            image.load()
    except ServiceError:
        raise
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken image
        raise _refuse(
            _("El archivo no es una imagen JPG válida (está dañado o no es una imagen)."),
            "image_invalid",
            field,
        ) from None


def _pdf_objects(reader: PdfReader):
    """Every dictionary reachable from the PDF's trailer, each visited once."""
    stack = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(dict.values(item))
        elif isinstance(item, list):
            stack.extend(item)


def _pdf_check(content: bytes, field: str | None) -> None:
    malformed = _refuse(
        _("El PDF está dañado o mal formado y no se puede abrir; vuelva a generarlo."),
        "pdf_invalid",
        field,
    )
    if b"%%EOF" not in content[-1024:]:
        raise malformed
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise _refuse(
                _(
                    "El PDF está cifrado o protegido con contraseña; cargue una copia sin protección."
                ),
                "pdf_encrypted",
                field,
            )
        if len(reader.pages) < 1:
            raise malformed
        for dictionary in _pdf_objects(reader):
            keys = set(dict.keys(dictionary))
            names = {value for value in dict.values(dictionary) if isinstance(value, NameObject)}
            if keys & SCRIPT_KEYS or "/JavaScript" in names:
                raise _refuse(
                    _(
                        "El PDF contiene código JavaScript, que no se acepta; imprímalo a PDF de nuevo."
                    ),
                    "pdf_javascript",
                    field,
                )
            if keys & EMBEDDED_FILE_KEYS or names & EMBEDDED_FILE_NAMES:
                raise _refuse(
                    _(
                        "El PDF lleva archivos incrustados, que no se aceptan; cargue solo el documento."
                    ),
                    "pdf_embedded_file",
                    field,
                )
            if names & LAUNCH_NAMES:
                raise _refuse(
                    _("El PDF intenta abrir programas externos, lo que no se acepta."),
                    "pdf_launch_action",
                    field,
                )
    except ServiceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        raise malformed from None


def _signature_check(content: bytes, field: str | None):
    from iess.documents.signing import pdf_signature_inspect

    report = pdf_signature_inspect(content)
    if not report.ok:
        raise _refuse(
            _("La firma electrónica del documento no es aceptable: %(reason)s")
            % {"reason": report.message},
            f"signature_{report.status}",
            field,
        )
    if report.by_institution:
        # The request and the agreement come out of the system already signed by the IESS;
        # that signature is ours, not the citizen's e-signature the sheet requires.
        raise _refuse(
            _(
                "El documento solo tiene la firma del IESS: fírmelo electrónicamente con su "
                "propio certificado antes de cargarlo."
            ),
            "signature_missing_signer",
            field,
        )
    return report


def attachment_check(
    *, filename: str, content: bytes, electronic_signature: bool = False, field: str | None = None
) -> CheckedFile:
    """The document, checked; raises ServiceError (code and message per defect, `field` set)."""
    if not content:
        raise _refuse(_("El archivo está vacío."), "file_empty", field)
    if len(content) > ATTACHMENT_MAX_BYTES:
        raise _refuse(
            too_large_message(),
            "file_too_large",
            field,
        )
    name = filename_clean(filename)
    declared = EXTENSIONS.get(PurePath(name).suffix.lower())
    if declared is None:
        raise _refuse(
            _("Solo se aceptan archivos JPG o PDF (extensión .jpg, .jpeg o .pdf)."),
            "file_wrong_type",
            field,
        )
    if content.startswith(JPEG_MAGIC):
        actual = ContentType.JPEG
    elif content.startswith(PDF_MAGIC):
        actual = ContentType.PDF
    else:
        raise _refuse(
            _("El contenido del archivo no es un JPG ni un PDF, aunque su nombre lo diga."),
            "file_wrong_content",
            field,
        )
    if actual != declared:
        raise _refuse(
            _(
                "El nombre dice %(declared)s pero el contenido es %(actual)s: el archivo fue renombrado."
            )
            % {"declared": ContentType(declared).label, "actual": ContentType(actual).label},
            "file_renamed",
            field,
        )
    if actual == ContentType.JPEG:
        _image_check(content, field)
    else:
        _pdf_check(content, field)
    report = None
    if electronic_signature:
        if actual != ContentType.PDF:
            raise _refuse(
                _("Este documento debe ser un PDF firmado electrónicamente, no una imagen."),
                "signature_needs_pdf",
                field,
            )
        report = _signature_check(content, field)
    return CheckedFile(
        filename=name,
        content=content,
        content_type=str(actual),
        sha256=hashlib.sha256(content).hexdigest(),
        signature=report,
    )
