"""Local mode's seal: a self-signed certificate and its key, made the first time they are needed
and kept in a folder, so every receipt made on this machine has the same seal and
`pyhanko sign validate --trust <folder>/seal-certificate.pem receipt.pdf` can check them.

The key is written unencrypted, readable by its owner only (0600); that is fine for a
developer's machine and is why production takes its seal from the environment instead.
Creation holds a lock on the folder, so two workers starting at once make one seal."""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from receipts.sealing import SealConfigError, Sealer

CERT_FILE, KEY_FILE = "seal-certificate.pem", "seal-key.pem"
SUBJECT = x509.Name([
    x509.NameAttribute(NameOID.COMMON_NAME, "Blankett local seal (not for production)"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Blankett local mode"),
])


def local_sealer(folder: Path) -> Sealer:
    """The seal kept in `folder`, made there first if it is not there yet."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    cert_path, key_path = folder / CERT_FILE, folder / KEY_FILE
    with open(folder / ".seal.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cert_path.exists() and not key_path.exists():
            _make(cert_path, key_path)
        elif not (cert_path.exists() and key_path.exists()):
            raise SealConfigError(f"{folder} has only one of {CERT_FILE} and {KEY_FILE}; "
                                  "remove it to make a new local seal")
    if key_path.stat().st_mode & 0o077:
        key_path.chmod(0o600)  # someone loosened it: the key is for this user alone
    return Sealer.from_pem(cert_path.read_bytes(), key_path.read_bytes())


def _make(cert_path: Path, key_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    now = datetime.now(UTC)
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False,
                          decipher_only=False)
    certificate = (
        x509.CertificateBuilder().subject_name(SUBJECT).issuer_name(SUBJECT)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    _write(key_path, key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()), 0o600)
    _write(cert_path, certificate.public_bytes(serialization.Encoding.PEM), 0o644)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Written under a temporary name and renamed, so a crash leaves no half file; the mode is
    set as the file is created, never after."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
