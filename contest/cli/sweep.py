import click
from sqlalchemy import select

from ..extensions import db
from ..models import ModuleSession, SessionState
from ..services.sessions import finish_if_due


@click.command("sweep")
def sweep_command() -> None:
    """Close every attempt whose time is up (pages do this too; cron may call it)."""
    sessions = db.session.execute(select(ModuleSession).where(ModuleSession.state.in_(
        [SessionState.RUNNING.value, SessionState.ENDED.value]))).scalars().all()
    for session in sessions:
        finish_if_due(session)
    db.session.commit()
    click.echo(f"已检查 {len(sessions)} 个场次")
