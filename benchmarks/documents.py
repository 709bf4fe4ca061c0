"""Issued documents and Ventanilla uploads: the CPU a single request spends on them.

Measures, in one process on an embedded SQLite in a temporary folder, with the demo signing
identity (a generated key, P-256):

1. render: one institutional PDF with its QR (fpdf2 + segno);
2. sign: the institution's PAdES signature on it (pyHanko);
3. inspect: the verification of that signed PDF (what /verificar/ does with an upload);
4. upload check, JPG: a 1 MB photo-like JPG through the Ventanilla's content checks;
5. upload check, e-signed PDF: a citizen-signed PDF (test CA, trusted) through the checks,
   signature validation included.

Each step runs REPEAT times after one warm-up; the figures are the median and the 90th
percentile of process CPU time (what the request costs whatever else the machine does) and of
wall time. Run: make bench-documents   (BENCH_DOCUMENTS_REPEAT overrides the count)
"""

import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = int(os.environ.get("BENCH_DOCUMENTS_REPEAT", "50"))


def django_ready(data_dir: str) -> None:
    os.environ.update(
        {
            "DATA_DIR": data_dir,
            "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3",
            "DEBUG": "0",
            "DOCUMENT_SIGNING_DEMO": "1",
            "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iess.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def measure(name: str, step) -> dict:
    step()
    cpu, wall = [], []
    for _ in range(REPEAT):
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        step()
        cpu.append((time.process_time() - cpu_start) * 1000)
        wall.append((time.perf_counter() - wall_start) * 1000)
    return {
        "step": name,
        "cpu_median": statistics.median(cpu),
        "cpu_p90": statistics.quantiles(cpu, n=10)[-1],
        "wall_median": statistics.median(wall),
        "wall_p90": statistics.quantiles(wall, n=10)[-1],
    }


def photo_jpeg(target_bytes: int) -> bytes:
    """A noisy JPG just under `target_bytes`: the size of a phone scan at the 1 MB limit."""
    import random

    from PIL import Image

    largest_under = b""
    side = 400
    while True:
        pixels = random.Random(side).randbytes(side * side * 3)
        buffer = io.BytesIO()
        Image.frombytes("RGB", (side, side), pixels).save(buffer, format="JPEG", quality=85)
        if buffer.tell() > target_bytes:
            return largest_under
        largest_under = buffer.getvalue()
        side += 20


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="iess-bench-documents-") as data_dir:
        django_ready(data_dir)
        from iess.documents import testing
        from iess.documents.pdf import pdf_render
        from iess.documents.signing import pdf_sign, pdf_signature_inspect
        from iess.submissions.files import ATTACHMENT_MAX_BYTES, attachment_check

        def render() -> bytes:
            return pdf_render(
                title="Certificado de no afiliación",
                fields=[("Titular", "Giulia Bianchi"), ("Pasaporte", "YA1234567")],
                code="ABCD2345EFGH",
                verify_url="https://example.ec/verificar/ABCD2345EFGH/",
                paragraphs=["El IESS certifica que no registra afiliación a su nombre."],
            )

        unsigned = render()
        signed = pdf_sign(unsigned)
        assert pdf_signature_inspect(signed).ok
        testing.trust(testing.test_ca())
        citizen_signed = testing.pdf_sign_with(
            testing.sample_pdf("Solicitud de entrega de clave"),
            testing.signer("María Fernanda Andrade López"),
        )
        photo = photo_jpeg(ATTACHMENT_MAX_BYTES)
        results = [
            measure("render (PDF + QR)", render),
            measure("sign (PAdES, P-256)", lambda: pdf_sign(unsigned)),
            measure("inspect signed PDF", lambda: pdf_signature_inspect(signed)),
            measure(
                f"upload check, JPG {len(photo) / 1024:.0f} KiB",
                lambda: attachment_check(filename="cedula.jpg", content=photo),
            ),
            measure(
                "upload check, e-signed PDF",
                lambda: attachment_check(
                    filename="solicitud.pdf", content=citizen_signed, electronic_signature=True
                ),
            ),
        ]
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {REPEAT} runs each; ms"
    )
    print(f"unsigned {len(unsigned)} B, signed {len(signed)} B")
    print(f"{'step':34} {'CPU median':>10} {'CPU p90':>8} {'wall median':>11} {'wall p90':>8}")
    for row in results:
        print(
            f"{row['step']:34} {row['cpu_median']:10.1f} {row['cpu_p90']:8.1f} "
            f"{row['wall_median']:11.1f} {row['wall_p90']:8.1f}"
        )


if __name__ == "__main__":
    main()
