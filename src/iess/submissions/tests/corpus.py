"""Good and hostile files, made in the tests (no binary fixtures in the repository)."""

import io

from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

ONE_MB = 1024 * 1024


def pdf(text: str = "Documento de prueba") -> bytes:
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


def jpg(size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _rewritten(content: bytes, change) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    return _rewritten(pdf(), lambda writer: writer.encrypt("secreto", algorithm="AES-128"))


def javascript_pdf() -> bytes:
    """A PDF that runs a script when opened (an /OpenAction of type JavaScript)."""

    def add_script(writer):
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hola');"),
            }
        )

    return _rewritten(pdf(), add_script)


def embedded_file_pdf() -> bytes:
    return _rewritten(pdf(), lambda writer: writer.add_attachment("virus.exe", b"MZ\x90\x00"))


def renamed_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def jpg_with_pdf_inside() -> bytes:
    return jpg() + pdf()


def pdf_with_jpg_header() -> bytes:
    return b"\xff\xd8\xff\xe0" + pdf()


def truncated_pdf() -> bytes:
    content = pdf()
    return content[: len(content) // 2]


def malformed_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << >>\n%%EOF\n"


def oversized_pdf() -> bytes:
    """A valid-looking PDF of exactly 1 MB + 1 byte."""
    content = pdf()
    return content + b"%" + b"x" * (ONE_MB - len(content))
