"""Keys and X.509 certificates made with `cryptography`: the demo signing identity and the
test certification authorities. Production identities come from a PKCS#12 file instead."""

import datetime
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ORGANIZATION = "Instituto Ecuatoriano de Seguridad Social"


@dataclass(frozen=True)
class CertificateAuthority:
    """A root certification authority: it issues signing identities."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def name(self) -> str:
        return common_name(self.certificate)


@dataclass(frozen=True)
class SigningIdentity:
    """A signing key, its certificate, and the certificates up to the root (root last)."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = field(default=())

    @property
    def name(self) -> str:
        return common_name(self.certificate)


def common_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def _name(common: str, organization: str = ORGANIZATION) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "EC"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def certificate_authority_create(
    common: str, *, organization: str = ORGANIZATION, years: int = 20
) -> CertificateAuthority:
    """A self-signed root (P-256 keys: fast to make and to sign with)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common, organization)
    start = _now() - datetime.timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return CertificateAuthority(key=key, certificate=certificate)


def signing_identity_issue(
    authority: CertificateAuthority,
    common: str,
    *,
    organization: str = ORGANIZATION,
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
) -> SigningIdentity:
    """A document-signing certificate issued by `authority` (default: valid for 5 years)."""
    key = ec.generate_private_key(ec.SECP256R1())
    start = not_before or _now() - datetime.timedelta(days=1)
    end = not_after or start + datetime.timedelta(days=365 * 5)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common, organization))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )
    return SigningIdentity(key=key, certificate=certificate, chain=(authority.certificate,))


def pkcs12_dump(identity: SigningIdentity, passphrase: bytes | None = None) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(
        name=identity.name.encode(),
        key=identity.key,
        cert=identity.certificate,
        cas=list(identity.chain) or None,
        encryption_algorithm=encryption,
    )


def pkcs12_load(content: bytes, passphrase: bytes | None = None) -> SigningIdentity:
    """Raises ValueError on a wrong passphrase or a file without a key and certificate."""
    key, certificate, chain = pkcs12.load_key_and_certificates(content, passphrase or None)
    if key is None or certificate is None:
        raise ValueError("the PKCS#12 file holds no private key and certificate")
    return SigningIdentity(key=key, certificate=certificate, chain=tuple(chain or ()))


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()
