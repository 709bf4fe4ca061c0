"""Demo data: the generated demo signing identity, and its CA listed among the trusted roots
so the administrator sees in /oficina/admin/ what a configured root looks like."""

from iess.documents import pki
from iess.documents.services import trusted_root_add
from iess.documents.signing import institution_identity


def load() -> dict[str, int]:
    identity = institution_identity()
    root = identity.chain[-1] if identity.chain else identity.certificate
    trusted_root_add(name=pki.common_name(root), certificate_pem=pki.certificate_pem(root))
    return {"trusted_roots": 1}
