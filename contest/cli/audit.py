import click
from flask.cli import AppGroup

from ..services.audit import verify_chain

audit_cli = AppGroup("audit", help="审计日志(哈希链)")


@audit_cli.command("verify")
def verify() -> None:
    """Recompute the hash chain; exit 1 naming the first bad row."""
    verdict = verify_chain()
    if verdict.ok:
        click.echo(f"审计日志完整:已校验 {verdict.checked} 条记录。")
        return
    click.echo(f"审计日志异常:第一条问题记录 #{verdict.first_bad_id}:{verdict.message}", err=True)
    raise SystemExit(1)
