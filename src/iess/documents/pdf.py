"""PDF rendering with fpdf2 and QR codes with segno: pure Python, no system libraries."""

import io

import segno
from fpdf import FPDF

BLUE = (11, 61, 145)
VERIFICATION_KEYWORD = "iess-verificacion:"


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1, which holds every Spanish letter; anything else
    # (an emoji typed in a name) becomes "?" instead of breaking the document.
    return str(text).encode("latin-1", "replace").decode("latin-1")


def qr_png(data: str, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_svg(data: str, scale: int = 4) -> str:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False)
    return buffer.getvalue().decode()


def pdf_render(
    *,
    title: str,
    fields: list[tuple[str, str]],
    code: str,
    verify_url: str,
    subtitle: str = "",
    paragraphs: list[str] = (),
    footer: str = "",
) -> bytes:
    """A one-page institutional document: heading, label/value rows, paragraphs, and the
    verification code with its QR."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_author("Instituto Ecuatoriano de Seguridad Social")
    pdf.set_creator("IESS en linea")
    # The verification code travels in the document information too, so a PDF handed in for
    # verification names its IssuedDocument without reading the printed page.
    pdf.set_keywords(f"{VERIFICATION_KEYWORD}{code}")
    pdf.add_page()
    pdf.set_fill_color(*BLUE)
    pdf.rect(0, 0, 210, 24, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_xy(12, 8)
    pdf.cell(0, 8, _latin1("INSTITUTO ECUATORIANO DE SEGURIDAD SOCIAL"))
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(12, 32)
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(186, 8, _latin1(title))
    if subtitle:
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(186, 6, _latin1(subtitle))
    pdf.ln(4)
    for label, value in fields:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(62, 7, _latin1(label))
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(124, 7, _latin1(value))
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 10)
    for paragraph in paragraphs:
        pdf.multi_cell(186, 5.5, _latin1(paragraph))
        pdf.ln(2)
    top = max(pdf.get_y() + 4, 200)
    pdf.image(io.BytesIO(qr_png(verify_url)), x=12, y=top, w=40, h=40)
    pdf.set_xy(58, top + 4)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, _latin1(f"Código de verificación: {code}"))
    pdf.set_xy(58, top + 12)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(140, 5, _latin1(f"Verifique este documento en {verify_url}"))
    if footer:
        pdf.set_xy(58, top + 24)
        pdf.multi_cell(140, 5, _latin1(footer))
    return bytes(pdf.output())
