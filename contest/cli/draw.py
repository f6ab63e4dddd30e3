import click
from flask.cli import AppGroup

from scoring.seat_draw import verify_draw

from ..extensions import db
from ..models import Contest
from ..services.draw import latest_draw, verify

draw_cli = AppGroup("draw", help="赛位抽签")


@draw_cli.command("verify")
@click.option("--contest", "contest_id", type=int, required=True, help="比赛编号")
@click.option("--seed", default=None, help="公开的种子(不填则用系统记录的种子)")
def verify_command(contest_id: int, seed: str | None) -> None:
    """Recompute the latest draw from its seed; exit 1 on any mismatch."""
    contest = db.session.get(Contest, contest_id)
    draw = latest_draw(contest) if contest else None
    if draw is None:
        raise click.ClickException("该比赛没有已完成的抽签")
    if seed is None:
        result = verify(draw)
    else:
        result = verify_draw(seed, draw.commitment, draw.exam_numbers, draw.seat_labels,
                             draw.mapping, public_input=draw.public_input)
    click.echo(f"承诺值 {draw.commitment}")
    click.echo(f"种子 {seed or draw.seed};现场数字 {draw.public_input or '(无)'}")
    click.echo(result.message)
    if not result.ok:
        raise SystemExit(1)
