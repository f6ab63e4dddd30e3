"""`flask --app contest report build|check TASK`: the raw workbook of a task, and the task
checker (exit 1 on any problem)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from report_tasks import available_tasks, check_task, load_task, write_raw_workbook

report_cli = AppGroup("report", help="报表制作任务:生成原始数据、检查任务")


@report_cli.command("build")
@click.argument("task")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写到此文件(默认为任务文件夹中的 raw_data.xlsx)")
def build_command(task: str, out: Path | None) -> None:
    """按任务配方生成原始数据 raw_data.xlsx。"""
    try:
        target = write_raw_workbook(load_task(task), out)
    except Exception as error:
        click.echo(f"无法生成原始数据:{type(error).__name__} {error}", err=True)
        sys.exit(1)
    click.echo(f"已生成 {target}")


@report_cli.command("check")
@click.argument("tasks", nargs=-1)
def check_command(tasks: tuple[str, ...]) -> None:
    """检查任务(不指定则检查全部);有问题时退出码为 1。"""
    failed = False
    for task in tasks or available_tasks():
        problems = check_task(task)
        failed = failed or bool(problems)
        click.echo(f"任务 {task}:" + ("未发现问题" if not problems else f"{len(problems)} 个问题"))
        for problem in problems:
            click.echo(f"  - {problem}")
    if failed:
        sys.exit(1)
