"""The agency's seal on a receipt: a PAdES signature (pyHanko) added as an incremental update,
so the receipt as drawn stays byte for byte in the file and any later change shows.

A `Sealer` holds the certificate (with its chain) and the private key. The key is loaded once
and kept as a key object: pyHanko's SimpleSigner would parse it again for every signature
(about 100 ms for an RSA key), and the signature's space is reserved from the chain's size
instead of by a trial signature. In production the certificate and key come from files named
in the environment, and the key's password only from the environment (`sealer_from_env`); in
local mode a self-signed one is made once (receipts/local_seal.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

FIELD_NAME = "Seal"
_HIDDEN, _LOCKED = 2, 128  # annotation flags (PDF 32000-1, 12.5.3)
ENV_CERT, ENV_KEY, ENV_PASSWORD = "PDF_SEAL_CERT_FILE", "PDF_SEAL_KEY_FILE", "PDF_SEAL_KEY_PASSWORD"


class SealConfigError(ValueError):
    """The seal's certificate or key cannot be used; the message names the setting or file."""


class _KeptKeySigner(signers.SimpleSigner):
    """SimpleSigner with the key parsed once: signing is then a millisecond, not a parse."""

    def __init__(self, key: PrivateKeyTypes, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            name = mechanism.signature_algo
        except ValueError:
            name = mechanism["algorithm"].native
        key = self._key
        if name == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if name == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        if name == "ed25519" and isinstance(key, Ed25519PrivateKey):
            return key.sign(data)
        return super().sign_raw(data, digest_algorithm)


class Sealer:
    """The agency's seal: a certificate (first of `chain`), its private key, and the pyHanko
    signer made from them."""

    def __init__(self, chain: list[x509.Certificate], key: PrivateKeyTypes) -> None:
        if not chain:
            raise SealConfigError("no certificate for the seal")
        certificate = chain[0]
        if certificate.public_key() != key.public_key():
            raise SealConfigError("the seal's private key does not belong to its certificate")
        now = datetime.now(UTC)
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            raise SealConfigError(
                f"the seal certificate '{certificate.subject.rfc4514_string()}' is valid from "
                f"{certificate.not_valid_before_utc:%Y-%m-%d} to "
                f"{certificate.not_valid_after_utc:%Y-%m-%d}, not now")
        self.chain = chain
        der = [c.public_bytes(serialization.Encoding.DER) for c in chain]
        asn1_chain = [asn1_x509.Certificate.load(d) for d in der]
        key_info = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        self.signer = _KeptKeySigner(
            key, signing_cert=asn1_chain[0], signing_key=key_info,
            cert_registry=SimpleCertificateStore.from_certs(asn1_chain))
        # The CMS container goes in as hex: twice its size, with room for the signature and
        # its signed attributes beside the certificates.
        self.bytes_reserved = 2 * (8192 + sum(len(d) for d in der))

    @property
    def certificate(self) -> x509.Certificate:
        return self.chain[0]

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    @classmethod
    def from_pem(cls, certificates: bytes, key: bytes, password: bytes | None = None) -> Sealer:
        """From PEM (or DER) data: the certificate first, then any intermediates."""
        try:
            chain = (x509.load_pem_x509_certificates(certificates)
                     if b"-----BEGIN" in certificates
                     else [x509.load_der_x509_certificate(certificates)])
        except ValueError as exc:
            raise SealConfigError(f"the seal certificate cannot be read: {exc}") from None
        try:
            loaded = (serialization.load_pem_private_key(key, password)
                      if b"-----BEGIN" in key else serialization.load_der_private_key(key,
                                                                                      password))
        except (ValueError, TypeError):  # never repeat the password, nor the key
            raise SealConfigError("the seal's private key cannot be read (wrong format or "
                                  "password)") from None
        return cls(chain, loaded)


def seal_pdf(pdf: bytes, sealer: Sealer) -> bytes:
    """`pdf` with the seal added as an incremental update (PAdES baseline B-B: no timestamp
    authority is reached from here)."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    _add_hidden_field(writer)
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    pdf_signer = signers.PdfSigner(meta, signer=sealer.signer)

    def sign() -> bytes:
        out = pdf_signer.sign_pdf(writer, bytes_reserved=sealer.bytes_reserved)
        return out.getvalue()  # type: ignore[no-any-return]

    if _loop_running():  # pyHanko signs through asyncio.run(), which a running loop refuses
        with ThreadPoolExecutor(max_workers=1) as thread:
            return thread.submit(sign).result()
    return sign()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _add_hidden_field(writer: IncrementalPdfFileWriter) -> None:
    """The seal's field, its widget flagged hidden: the seal is not drawn, and PDF/UA asks
    every annotation that is not hidden to be in the tag tree, which this one is not."""
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=FIELD_NAME))
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == FIELD_NAME:
            field["/F"] = generic.NumberObject(_HIDDEN | _LOCKED)
            writer.update_container(field)


def sealer_from_env(environ: Mapping[str, str]) -> Sealer | None:
    """Production's seal, from PDF_SEAL_CERT_FILE (PEM: the certificate, then intermediates),
    PDF_SEAL_KEY_FILE (PEM or DER) and PDF_SEAL_KEY_PASSWORD (only ever from the
    environment). None when neither file is set; an error naming what is wrong otherwise."""
    cert_file, key_file = environ.get(ENV_CERT, "").strip(), environ.get(ENV_KEY, "").strip()
    if not cert_file and not key_file:
        return None
    if not cert_file or not key_file:
        missing = ENV_CERT if not cert_file else ENV_KEY
        raise SealConfigError(f"{missing} must be set together with "
                              f"{ENV_KEY if missing == ENV_CERT else ENV_CERT}")
    password = environ.get(ENV_PASSWORD)
    return Sealer.from_pem(_read(cert_file, ENV_CERT), _read(key_file, ENV_KEY),
                           password.encode() if password else None)


def _read(file: str, setting: str) -> bytes:
    try:
        return Path(file).read_bytes()
    except OSError as exc:
        raise SealConfigError(f"{setting}: cannot read {file}: {exc.strerror}") from None
