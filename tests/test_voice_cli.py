"""The voice module's commands: HTTPS certificates for a LAN, and the scenario card check."""
from __future__ import annotations

import ssl
import stat
import threading
import urllib.request

from werkzeug.serving import make_server


def test_tls_cert_serves_https_that_trusts_only_through_the_contest_root(app, runner, tmp_path):
    folder = tmp_path / "tls"
    result = runner.invoke(args=["tls", "cert", "--host", "127.0.0.1", "--host", "exam.lan",
                                 "--out", str(folder), "--port", "8443"])
    assert result.exit_code == 0, result.output
    assert f"--certfile {folder / 'cert.pem'} --keyfile {folder / 'key.pem'}" in result.output
    assert "--unsafely-treat-insecure-origin-as-secure=http://127.0.0.1:8443" in result.output
    assert stat.S_IMODE((folder / "key.pem").stat().st_mode) == 0o600
    server = make_server("127.0.0.1", 0, app, threaded=True,
                         ssl_context=(str(folder / "cert.pem"), str(folder / "key.pem")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_port}/"
        trusted = ssl.create_default_context(cafile=str(folder / "ca.pem"))
        with urllib.request.urlopen(url, context=trusted) as response:
            assert response.status == 200 and "工作人员入口" in response.read().decode()
        try:
            urllib.request.urlopen(url, context=ssl.create_default_context())
        except urllib.error.URLError as error:
            assert "CERTIFICATE_VERIFY_FAILED" in str(error)
        else:
            raise AssertionError("an untrusted root was accepted")
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_a_new_address_keeps_the_root_terminals_already_trust(runner, tmp_path):
    folder = tmp_path / "tls"
    runner.invoke(args=["tls", "cert", "--host", "10.0.0.5", "--out", str(folder)])
    root = (folder / "ca.pem").read_bytes()
    result = runner.invoke(args=["tls", "cert", "--host", "10.0.0.6", "--out", str(folder)])
    assert "沿用原有根证书" in result.output and (folder / "ca.pem").read_bytes() == root


def test_scenario_check_passes_on_the_shipped_cards(runner):
    result = runner.invoke(args=["scenario", "check"])
    assert result.exit_code == 0, result.output
    assert "呼入 6 张" in result.output and "呼出 6 张" in result.output
