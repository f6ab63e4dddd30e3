import click
from flask.cli import AppGroup
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Contest, Role, User
from ..services.contestants import RosterRefused, add_contestant

user_cli = AppGroup("user", help="工作人员账号")
contestant_cli = AppGroup("contestant", help="选手")
STAFF_ROLES = [Role.ORGANIZER.value, Role.CHIEF_JUDGE.value, Role.JUDGE.value]


def create_staff(username: str, role: str, display_name: str, password: str) -> User:
    from ..services import audit

    user = User(username=username, role=role, display_name=display_name or username,
                created_at=clock.now())
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("cli", "user.create", f"user:{username}", role=role)
    return user


@user_cli.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(STAFF_ROLES), required=True)
@click.option("--name", "display_name", default="", help="显示名称")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def user_add(username: str, role: str, display_name: str, password: str) -> None:
    """Create a staff account (organizer, chief_judge or judge)."""
    if len(password) < 8:
        raise click.ClickException("密码至少 8 位")
    if db.session.execute(select(User).where(User.username == username)).scalar_one_or_none():
        raise click.ClickException(f"用户名 {username} 已存在")
    create_staff(username, role, display_name, password)
    db.session.commit()
    click.echo(f"已创建{Role(role).label}账号 {username}")


@contestant_cli.command("add")
@click.option("--contest", "contest_id", type=int, required=True, help="比赛编号")
@click.argument("exam_no")
@click.argument("name")
@click.option("--school", default="")
@click.option("--pin", prompt=True, hide_input=True, help="6 位数字登录密码")
def contestant_add(contest_id: int, exam_no: str, name: str, school: str, pin: str) -> None:
    """Add a contestant to a contest."""
    contest = db.session.get(Contest, contest_id)
    if contest is None:
        raise click.ClickException(f"比赛 {contest_id} 不存在")
    try:
        add_contestant(contest, exam_no, name, school, pin, "cli")
    except RosterRefused as refusal:
        raise click.ClickException(str(refusal)) from refusal
    db.session.commit()
    click.echo(f"已添加选手 {exam_no} {name}")
