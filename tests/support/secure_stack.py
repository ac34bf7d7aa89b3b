"""`secure_stack`: the real Rasa and action servers configured as exposed in production, behind the
production nginx config (launcher/nginx.py) speaking HTTPS, as behind a TLS proxy:
- the action server demands ACTION_SERVER_TOKEN;
- rate limits are low enough to reach; 127.0.0.1 plays our nginx, so X-Forwarded-For picks the client;
- every channel is on (WhatsApp against the local fake Graph API), Twilio checks signatures against
  TWILIO_PUBLIC_BASE_URL, the nginx's https:// address;
- the widget's demo page (web/serve.py) talks to Rasa directly.
Tests that stop and restart the action server use this stack, never the shared `live_stack`.
A pytest plugin (tests/conftest.py) so both tests/security and tests/web can use it."""

import datetime
import ipaddress
import secrets
import ssl
from pathlib import Path

import pytest

from launcher.config import free_port
from launcher.dev import launch
from launcher.nginx import nginx_args, write_config
from launcher.process import Stack
from tests.conftest import FAKE_TWILIO

ACTION_TOKEN = secrets.token_urlsafe(24)
PER_SENDER, PER_IP = 5, 12
SECURE_ENV = {
    "ACTION_SERVER_TOKEN": ACTION_TOKEN,
    "ACTION_TIMEOUT_SECONDS": "10",
    "RATE_LIMIT_PER_SENDER": str(PER_SENDER),
    "RATE_LIMIT_PER_IP": str(PER_IP),
    "RATE_LIMIT_PER_PROVIDER_IP": "1000",
    "RATE_LIMIT_TRUSTED_PROXIES": "127.0.0.1",
    # Sanic's access log on (it logs URLs with their query), and every line in the log files at once,
    # so the log tests see what a server would log.
    "LOG_LEVEL_LIBRARIES": "INFO",
    "PYTHONUNBUFFERED": "1",
}


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (cert.pem, key.pem), valid for a day: the TLS proxy's."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_file.chmod(0o600)
    return cert_file, key_file


def start_nginx(
    stack: Stack, name: str, directory: Path, rasa_ports: list[int], tls: tuple[Path, Path], port: int = 0
) -> int:
    """The production nginx config in front of `rasa_ports`, logging into `directory`; its HTTPS port."""
    port = port or free_port()
    conf = write_config(
        directory / "home", directory, port, free_port(), free_port(), rasa_ports, [free_port()], free_port(), tls=tls
    )
    stack.spawn(name, nginx_args(conf, directory / "home"), f"tcp://127.0.0.1:{port}")
    stack.wait_healthy([name], timeout=30)
    return port


def client_context(stack: Stack) -> ssl.SSLContext:
    """A client that trusts the proxy's self-signed certificate."""
    return ssl.create_default_context(cafile=str(stack.extra["tls"][0]))


@pytest.fixture(scope="session")
def secure_stack(tmp_path_factory, whatsapp_fake_graph):
    workdir = tmp_path_factory.mktemp("secure")
    proxy_dir = workdir / "nginx"
    proxy_dir.mkdir()
    tls = self_signed_certificate(proxy_dir)
    proxy_port = free_port()  # chosen first: Rasa must know the public URL Twilio signs
    env = {
        **whatsapp_fake_graph.env,
        **FAKE_TWILIO,
        **SECURE_ENV,
        "TWILIO_PUBLIC_BASE_URL": f"https://127.0.0.1:{proxy_port}",
    }
    stack = launch(workdir, extra_env=env, with_web=True, credentials="credentials.test.yml")
    try:
        start_nginx(stack, "nginx", proxy_dir, [int(stack.rasa_url.rsplit(":", 1)[1])], tls, proxy_port)
    except BaseException:
        stack.stop()
        raise
    stack.extra.update(proxy_url=f"https://127.0.0.1:{proxy_port}", proxy_logs=proxy_dir, tls=tls)
    yield stack
    stack.stop()
