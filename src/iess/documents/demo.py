"""Demo data: the generated demo signing identity, and its CA listed among the trusted roots
so the administrator sees in /oficina/admin/ what a configured root looks like; and a demo
certification authority for citizens' electronic signatures (the role Ecuador's accredited
CAs play in production), so demo submissions carry a citizen's e-signature."""

from pathlib import Path

from django.conf import settings

from iess.documents import pki
from iess.documents.services import trusted_root_add
from iess.documents.signing import institution_identity, pdf_sign_as

CITIZEN_CA_FILE = "demo-citizen-ca.p12"


def _citizen_authority() -> pki.CertificateAuthority:
    """Made once into the data folder next to the demo signing identity, so every demo load
    trusts the same root."""
    path = Path(settings.DATA_DIR) / "signing" / CITIZEN_CA_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        authority = pki.certificate_authority_create(
            "CA de demostración para firmas ciudadanas", organization="Demostración"
        )
        path.write_bytes(
            pki.pkcs12_dump(
                pki.SigningIdentity(key=authority.key, certificate=authority.certificate)
            )
        )
        path.chmod(0o600)
    stored = pki.pkcs12_load(path.read_bytes())
    authority = pki.CertificateAuthority(key=stored.key, certificate=stored.certificate)
    trusted_root_add(
        name=authority.name, certificate_pem=pki.certificate_pem(authority.certificate)
    )
    return authority


def citizen_pdf_sign(content: bytes, *, signer_name: str) -> bytes:
    """The PDF e-signed by a demo citizen certificate issued to `signer_name`."""
    identity = pki.signing_identity_issue(
        _citizen_authority(), signer_name, organization="Demostración"
    )
    return pdf_sign_as(content, identity)


def load() -> dict[str, int]:
    identity = institution_identity()
    root = identity.chain[-1] if identity.chain else identity.certificate
    trusted_root_add(name=pki.common_name(root), certificate_pem=pki.certificate_pem(root))
    _citizen_authority()
    return {"trusted_roots": 2}
