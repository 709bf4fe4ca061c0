"""Digital signatures on PDFs (pyHanko): the institution signs every document it issues, and
anyone can have a PDF's signature checked against the roots an administrator trusts.

The institution's signing identity is a PKCS#12 file named by DOCUMENT_SIGNING_PKCS12 (and
DOCUMENT_SIGNING_PASSPHRASE). Without one, DOCUMENT_SIGNING_DEMO (on by default with DEBUG)
makes a demo identity under a demo CA, once, in DATA_DIR/signing/. It is loaded once per
process: signing a document then costs one signature, not a key load.
"""

import asyncio
import concurrent.futures
import datetime
import io
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from iess.documents import pki

logger = logging.getLogger(__name__)

SIGNATURE_FIELD_PREFIX = "FirmaIESS"
DEMO_IDENTITY_FILE = "demo-signing-identity.p12"

UNSIGNED = "unsigned"
VALID = "valid"
MODIFIED = "modified"
INVALID = "invalid"
UNTRUSTED = "untrusted"


@dataclass(frozen=True)
class SignatureReport:
    """What a PDF's signature says. With several signatures every one must hold; the report
    describes the last one (the one that should cover the whole file)."""

    status: str
    message: str
    signer_name: str = ""
    certificate_subject: str = ""
    certificate_issuer: str = ""
    certificate_serial: str = ""
    certificate_fingerprint: str = ""
    valid_from: datetime.datetime | None = None
    valid_until: datetime.datetime | None = None
    signed_at: datetime.datetime | None = None
    signature_count: int = 0
    by_institution: bool = False

    @property
    def ok(self) -> bool:
        return self.status == VALID


# --- the institution's identity ---------------------------------------------------------------

_identity_lock = threading.Lock()
_identity_cache: dict[tuple, "_LoadedIdentity"] = {}


@dataclass(frozen=True)
class _LoadedIdentity:
    identity: pki.SigningIdentity
    signer: signers.SimpleSigner
    roots: tuple[asn1_x509.Certificate, ...]


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _simple_signer(identity: pki.SigningIdentity) -> signers.SimpleSigner:
    key = asn1_keys.PrivateKeyInfo.load(
        identity.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return signers.SimpleSigner(
        signing_cert=_asn1(identity.certificate),
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in identity.chain]),
    )


def _demo_identity_path() -> Path:
    return Path(settings.DATA_DIR) / "signing" / DEMO_IDENTITY_FILE


def _demo_identity_load_or_create(path: Path) -> pki.SigningIdentity:
    """The demo identity, made on first use. Several processes (test workers) may race to
    make it: each writes its own temporary file and hard-links it into place, so exactly one
    wins and every process loads the winner."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        authority = pki.certificate_authority_create("CA de demostración IESS en línea")
        identity = pki.signing_identity_issue(authority, "IESS en línea (demostración)")
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        temporary.write_bytes(pki.pkcs12_dump(identity))
        temporary.chmod(0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return pki.pkcs12_load(path.read_bytes())


def _identity_source() -> tuple:
    configured = getattr(settings, "DOCUMENT_SIGNING_PKCS12", "")
    if configured:
        return ("pkcs12", configured, getattr(settings, "DOCUMENT_SIGNING_PASSPHRASE", ""))
    if getattr(settings, "DOCUMENT_SIGNING_DEMO", False):
        return ("demo", str(_demo_identity_path()), "")
    raise ImproperlyConfigured(
        "No document-signing identity: set DOCUMENT_SIGNING_PKCS12 (and "
        "DOCUMENT_SIGNING_PASSPHRASE), or DOCUMENT_SIGNING_DEMO=1 outside production."
    )


def _load(source: tuple) -> _LoadedIdentity:
    kind, location, passphrase = source
    if kind == "demo":
        identity = _demo_identity_load_or_create(Path(location))
    else:
        try:
            content = Path(location).read_bytes()
        except OSError as error:
            raise ImproperlyConfigured(
                f"DOCUMENT_SIGNING_PKCS12 cannot be read: {error}"
            ) from error
        try:
            identity = pki.pkcs12_load(content, passphrase.encode() if passphrase else None)
        except ValueError as error:
            raise ImproperlyConfigured(
                "DOCUMENT_SIGNING_PKCS12 cannot be opened (wrong DOCUMENT_SIGNING_PASSPHRASE "
                f"or not a PKCS#12 file with a key and certificate): {error}"
            ) from error
    top = identity.chain[-1] if identity.chain else identity.certificate
    return _LoadedIdentity(identity=identity, signer=_simple_signer(identity), roots=(_asn1(top),))


def _loaded_identity() -> _LoadedIdentity:
    source = _identity_source()
    loaded = _identity_cache.get(source)
    if loaded is None:
        with _identity_lock:
            loaded = _identity_cache.get(source)
            if loaded is None:
                loaded = _identity_cache[source] = _load(source)
    return loaded


def institution_identity() -> pki.SigningIdentity:
    """The configured (or demo) signing identity; raises ImproperlyConfigured if unusable."""
    return _loaded_identity().identity


# --- signing ----------------------------------------------------------------------------------


def _run(function, *args, **kwargs):
    """pyHanko's synchronous API calls asyncio.run(), which refuses to run inside a thread
    that already has a running loop (an async view, a Playwright test): run it aside then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function, *args, **kwargs).result()


def _sign(content: bytes, signer: signers.SimpleSigner) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    existing = len(writer.prev.embedded_signatures)
    metadata = signers.PdfSignatureMetadata(
        field_name=f"{SIGNATURE_FIELD_PREFIX}{existing + 1}",
        md_algorithm="sha256",
        location="Ecuador",
    )
    return _run(signers.sign_pdf, writer, metadata, signer=signer).getvalue()


def pdf_sign(content: bytes) -> bytes:
    """Signs a PDF with the institution's identity (an incremental update over `content`)."""
    return _sign(content, _loaded_identity().signer)


def pdf_sign_as(content: bytes, identity: pki.SigningIdentity) -> bytes:
    """Signs a PDF as someone else (a citizen's certificate in the demo and the tests)."""
    return _sign(content, _simple_signer(identity))


# --- inspecting -------------------------------------------------------------------------------


def _trust_roots() -> list[asn1_x509.Certificate]:
    from iess.documents.selectors import trusted_root_certificates

    roots = [_asn1(certificate) for certificate in trusted_root_certificates()]
    try:
        roots.extend(_loaded_identity().roots)
    except ImproperlyConfigured:
        logger.warning("no document-signing identity: only the trusted roots are trusted")
    return roots


def _name(name) -> str:
    return name.human_friendly if name is not None else ""


def _institution_fingerprint() -> str:
    try:
        return _asn1(_loaded_identity().identity.certificate).sha256.hex()
    except ImproperlyConfigured:
        return ""


def _report(status: str, message: str, signature_status=None, count: int = 0) -> SignatureReport:
    if signature_status is None:
        return SignatureReport(status=status, message=message, signature_count=count)
    certificate = signature_status.signing_cert
    common_names = certificate.subject.native.get("common_name", "")
    if isinstance(common_names, list):
        common_names = common_names[-1] if common_names else ""
    validity = certificate["tbs_certificate"]["validity"]
    return SignatureReport(
        status=status,
        message=message,
        signer_name=str(common_names),
        certificate_subject=_name(certificate.subject),
        certificate_issuer=_name(certificate.issuer),
        certificate_serial=format(certificate.serial_number, "X"),
        certificate_fingerprint=certificate.sha256.hex(),
        valid_from=validity["not_before"].native,
        valid_until=validity["not_after"].native,
        signed_at=signature_status.signer_reported_dt,
        signature_count=count,
        by_institution=certificate.sha256.hex() == _institution_fingerprint(),
    )


def _trust_problem(signature_status) -> tuple[str, str]:
    indication = getattr(signature_status, "trust_problem_indic", None)
    name = getattr(indication, "name", "") or ""
    if name in {"OUT_OF_BOUNDS_NO_POE", "EXPIRED", "NOT_YET_VALID", "OUT_OF_BOUNDS_NOT_REVOKED"}:
        return INVALID, _(
            "El certificado del firmante no está vigente (caducado o aún no válido): la firma "
            "no puede aceptarse."
        )
    if "REVOKED" in name:
        return INVALID, _("El certificado del firmante fue revocado.")
    return UNTRUSTED, _(
        "La firma está intacta, pero su certificado no fue emitido por una autoridad de "
        "certificación reconocida."
    )


def _judge(signature_status, *, last: bool) -> tuple[str, str]:
    """One signature's verdict. pyHanko's `valid` alone says nothing about the bytes: intact,
    valid, trust and coverage are decided together (see docs/decisions.md)."""
    if not signature_status.intact:
        return MODIFIED, _("El documento fue modificado después de firmarse.")
    if not signature_status.valid:
        return INVALID, _("La firma digital no es válida.")
    if last and signature_status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return MODIFIED, _(
            "Se agregó contenido al documento después de la última firma: la firma no cubre "
            "el archivo completo."
        )
    if not last:
        level = signature_status.modification_level
        if signature_status.coverage < SignatureCoverageLevel.ENTIRE_REVISION or (
            level is not None and level > ModificationLevel.FORM_FILLING
        ):
            return MODIFIED, _("El documento fue modificado después de una de sus firmas.")
    if not signature_status.trusted:
        return _trust_problem(signature_status)
    return VALID, _("Firma digital válida: el documento no cambió desde que se firmó.")


def _inspect(content: bytes) -> SignatureReport:
    # Readers accept a PDF header anywhere in the first kilobyte.
    if b"%PDF-" not in content[:1024]:
        return _report(INVALID, _("El archivo no es un PDF."))
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        if reader.encrypted:
            return _report(
                INVALID, _("El PDF está protegido con contraseña: no se puede verificar.")
            )
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 -- any parse failure of an untrusted file is "unreadable"
        logger.info("unreadable PDF handed in for signature inspection", exc_info=True)
        return _report(INVALID, _("El PDF está dañado o no se puede leer."))
    if not signatures:
        return _report(UNSIGNED, _("El PDF no tiene firma digital."))
    context_roots = _trust_roots()
    count = len(signatures)
    last_status = None
    for index, embedded in enumerate(signatures):
        last = index == count - 1
        try:
            signature_status = _run(
                validate_pdf_signature,
                embedded,
                ValidationContext(trust_roots=context_roots, allow_fetching=False),
            )
        except Exception:  # noqa: BLE001 -- pyHanko raises many types on hostile input
            logger.info("signature could not be validated", exc_info=True)
            return _report(INVALID, _("La firma digital está dañada."), last_status, count)
        verdict, message = _judge(signature_status, last=last)
        last_status = signature_status
        if verdict != VALID:
            return _report(verdict, message, signature_status, count)
    return _report(VALID, message, last_status, count)


def pdf_signature_inspect(content: bytes) -> SignatureReport:
    """Checks a PDF's digital signature(s): never raises on bad input."""
    try:
        return _inspect(bytes(content or b""))
    except Exception:  # noqa: BLE001 -- a verification page must answer, not fail
        logger.exception("signature inspection failed")
        return _report(INVALID, _("No se pudo verificar la firma de este PDF."))
