import click
from flask.cli import AppGroup

from ..demo import STAFF, demo_logins, load_demo

demo_cli = AppGroup("demo", help="演示比赛")


@demo_cli.command("load")
@click.option("--quiet", is_flag=True, help="不打印登录信息")
def load(quiet: bool) -> None:
    """Load the demo contest (idempotent) and print its logins."""
    created = load_demo()
    click.echo("演示比赛已创建。" if created else "演示比赛已存在,未重复创建。")
    if quiet:
        return
    click.echo("\n工作人员入口 http://127.0.0.1:5000/staff/login")
    for username, _role, name, password in STAFF:
        click.echo(f"  {name:<6} 用户名 {username:<10} 密码 {password}")
    click.echo("\n选手入口 http://127.0.0.1:5000/ (准考证号 / 登录密码 / 赛位)")
    for login in demo_logins()[:4]:
        click.echo(f"  {login.exam_no}  {login.pin}  赛位 {login.seat}")
    click.echo("  ……共 12 名选手,密码规律:序号两位重复三次(如 2026005 → 050505)")
