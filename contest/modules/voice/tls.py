"""Certificates for serving the contest over HTTPS on a LAN, where browsers give the
microphone only to secure pages.

A small contest root (``ca.pem``) signs the server certificate (``cert.pem`` + ``key.pem``).
Terminals import the root once; when the server's address changes, ``tls cert`` issues a new
server certificate from the same root and nothing has to be imported again.
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

#: Browsers refuse server certificates valid for more than 825 days.
SERVER_DAYS = 825
CA_DAYS = 3650


@dataclass(frozen=True)
class TlsFiles:
    ca: Path
    cert: Path
    key: Path
    hosts: tuple[str, ...]
    new_ca: bool


def make_certificates(folder: Path, hosts: list[str], days: int = SERVER_DAYS) -> TlsFiles:
    folder.mkdir(parents=True, exist_ok=True)
    ca_path, ca_key_path = folder / "ca.pem", folder / "ca-key.pem"
    new_ca = not (ca_path.is_file() and ca_key_path.is_file())
    if new_ca:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_cert = _ca_certificate(ca_key)
        _write_key(ca_key_path, ca_key)
        ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    else:
        ca_key = serialization.load_pem_private_key(ca_key_path.read_bytes(), None)
        ca_cert = x509.load_pem_x509_certificate(ca_path.read_bytes())
    names = tuple(dict.fromkeys([*hosts, "localhost", "127.0.0.1"]))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _server_certificate(key, ca_key, ca_cert, names, days)
    _write_key(folder / "key.pem", key)
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM)
                                      + ca_cert.public_bytes(serialization.Encoding.PEM))
    return TlsFiles(ca_path, folder / "cert.pem", folder / "key.pem", names, new_ca)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "客户信息服务技能大赛"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca_certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    now = datetime.now(timezone.utc)
    name = _name("Contest LAN root")
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256()))


def _server_certificate(key: ec.EllipticCurvePrivateKey, ca_key: ec.EllipticCurvePrivateKey,
                        ca_cert: x509.Certificate, hosts: tuple[str, ...],
                        days: int) -> x509.Certificate:
    now = datetime.now(timezone.utc)
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (x509.CertificateBuilder().subject_name(_name(hosts[0])).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days))
            .add_extension(x509.SubjectAlternativeName([_san(host) for host in hosts]), False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                         False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
                ca_ski), False)
            .sign(ca_key, hashes.SHA256()))


def _san(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def instructions(files: TlsFiles, port: int) -> str:
    host = files.hosts[0]
    return f"""已生成证书(有效主机:{'、'.join(files.hosts)}):
  服务器证书 {files.cert}
  服务器私钥 {files.key}(仅服务器保存,勿外传)
  比赛根证书 {files.ca}{'(新生成)' if files.new_ca else '(沿用原有根证书,终端无需重新导入)'}

1. 以 HTTPS 启动服务器:
   CONTEST_BIND=0.0.0.0:{port} .venv/bin/gunicorn -c gunicorn.conf.py \\
       --certfile {files.cert} --keyfile {files.key} 'contest:create_app()'
   终端访问 https://{host}:{port}/

2. 让每台终端信任比赛根证书 {files.ca.name}(只需一次):
   - Chromium/Chrome:设置 → 隐私和安全 → 安全 → 管理证书 → 授权机构 → 导入 {files.ca.name},
     勾选“信任该证书,以标识网站”;
     或命令行(Linux):certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n contest-root -i {files.ca.name}
   - Windows:certutil -addstore -f Root {files.ca.name}(管理员命令行)
   - 浏览器打开 https://{host}:{port}/ 不再出现证书警告,即为成功。

3. 不能使用 HTTPS 时(应急):以下面的参数启动终端的 Chromium,使该地址被视为安全页面:
   chromium --unsafely-treat-insecure-origin-as-secure=http://{host}:{port} \\
       --user-data-dir=$HOME/.contest-chromium
"""
