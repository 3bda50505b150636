"""Helpers of the network sync tests: `sbpdesk serve`'s app on 127.0.0.1 in a thread, and a
proxy that cuts connections after a given number of bytes."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager, suppress

import uvicorn

from sbpdesk.sync.server import Limits, create_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout=20.0):
    end = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < end, "timed out waiting"
        time.sleep(0.02)


@contextmanager
def running(office, limits=Limits(), **config):
    """The server's app under uvicorn on 127.0.0.1; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(office, limits), host="127.0.0.1",
                                           port=port, log_level="warning", access_log=False,
                                           **config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started)
    scheme = "https" if config.get("ssl_certfile") else "http"
    try:
        yield f"{scheme}://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


class CuttingProxy:
    """Forwards 127.0.0.1:port to the target; connection i is cut after cuts[i] bytes have
    gone through it (both directions counted; None: never). Later connections pass whole."""

    def __init__(self, target_port: int, cuts: list[int | None]):
        self.target, self.cuts = target_port, list(cuts)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            cut = self.cuts[self.connections] if self.connections < len(self.cuts) else None
            self.connections += 1
            upstream = socket.create_connection(("127.0.0.1", self.target))
            budget = [cut if cut is not None else 1 << 62]
            lock = threading.Lock()
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b, budget, lock, client,
                                                          upstream), daemon=True).start()

    @staticmethod
    def _pipe(src, dst, budget, lock, *both) -> None:
        try:
            while data := src.recv(4096):
                with lock:
                    room = budget[0]
                    budget[0] -= len(data)
                if room < len(data):
                    dst.sendall(data[:max(room, 0)])
                    raise OSError("cut")
                dst.sendall(data)
        except OSError:
            pass
        for s in both:    # a cut (or an end) closes both sides at once
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def close(self) -> None:
        self.sock.close()


def self_signed(folder):
    """A certificate for 127.0.0.1 (the office's TLS proxy stands in) and its key files."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pgd.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "office.crt", folder / "office.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file
