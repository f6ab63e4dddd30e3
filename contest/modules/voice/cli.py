"""``flask --app contest tls cert`` (HTTPS on a LAN) and ``scenario check`` (the card bank)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from question_bank.scenario_cards import check_report

from .tls import instructions, make_certificates

tls_cli = AppGroup("tls", help="HTTPS 证书:浏览器只允许安全页面使用麦克风")
scenario_cli = AppGroup("scenario", help="语音情景卡片库")


@tls_cli.command("cert")
@click.option("--host", "hosts", multiple=True, required=True,
              help="服务器在局域网中的 IP 或主机名(可多次给出)")
@click.option("--port", default=8443, show_default=True, help="HTTPS 端口(只用于打印命令)")
@click.option("--days", default=825, show_default=True, help="服务器证书有效天数")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="存放目录(默认 instance/tls)")
def tls_cert(hosts: tuple[str, ...], port: int, days: int, out: Path | None) -> None:
    """为服务器地址生成证书(存放在 instance/tls/)。"""
    folder = out or Path(current_app.instance_path) / "tls"
    files = make_certificates(folder, list(hosts), days)
    click.echo(instructions(files, port))


@scenario_cli.command("check")
def scenario_check() -> None:
    """检查情景卡片与评分表;有问题时退出码为 1。"""
    report, passed = check_report()
    click.echo(report)
    raise SystemExit(0 if passed else 1)


def cli_groups() -> list[AppGroup]:
    return [tls_cli, scenario_cli]
