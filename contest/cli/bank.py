from pathlib import Path

import click
from flask.cli import AppGroup

from question_bank.quiz_bank import check_bank, format_bank_report
from question_bank.quiz_excel import (bank_template_xlsx, export_bank_xlsx, import_bank_xlsx,
                                      write_bank_yaml)

from ..bank import bank_roots, import_root, load_combined_bank

bank_cli = AppGroup("bank", help="知识测试题库")


@bank_cli.command("check")
def check() -> None:
    """Validate every bank folder; exit 1 on any problem."""
    failed = False
    for root in bank_roots():
        report = check_bank(root)
        click.echo(f"== {root}")
        click.echo(format_bank_report(report))
        failed = failed or not report.ok
    if failed:
        raise SystemExit(1)


@bank_cli.command("template")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def template(path: Path) -> None:
    """Write the Excel import template."""
    path.write_bytes(bank_template_xlsx())
    click.echo(f"已写出模板 {path}")


@bank_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def export(path: Path) -> None:
    """Write every question the app uses to an Excel file."""
    questions = load_combined_bank().questions
    path.write_bytes(export_bank_xlsx(questions))
    click.echo(f"已导出 {len(questions)} 道题目到 {path}")


@bank_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(path: Path) -> None:
    """Import an Excel bank (all or nothing) into instance/question_bank."""
    result = import_bank_xlsx(path.read_bytes())
    if not result.ok:
        for issue in result.issues:
            click.echo(str(issue), err=True)
        raise SystemExit(1)
    write_bank_yaml(result.questions, import_root())
    click.echo(f"已导入 {len(result.questions)} 道题目到 {import_root()}")
