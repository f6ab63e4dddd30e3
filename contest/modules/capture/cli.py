"""`flask --app contest audio check|synth SET`: validate a listening set, draft its audio."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from listening_audio import (AudioError, SetFormatError, check_set, format_issues, load_set,
                             synth_missing)

audio_cli = AppGroup("audio", help="听打录入套题:检查与生成录音")


@audio_cli.command("check")
@click.argument("set_name")
@click.option("--deep", is_flag=True, help="解码每段录音,检查时长与音量(较慢)")
def check_command(set_name: str, deep: bool) -> None:
    """Validate a set (a name under listening_audio/sets, or a folder); exit 1 on any issue."""
    issues = check_set(set_name, deep_audio=deep)
    click.echo(format_issues(issues, set_name))
    if issues:
        sys.exit(1)


@audio_cli.command("synth")
@click.argument("set_name")
@click.option("--force", is_flag=True, help="重新生成已有的合成草稿(真实录音不受影响)")
def synth_command(set_name: str, force: bool) -> None:
    """Draft audio (espeak-ng) for every call without a real recording."""
    try:
        listening_set = load_set(set_name)
        written = synth_missing(listening_set, force=force)
    except (SetFormatError, AudioError) as error:
        click.echo(f"无法生成录音:{error}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"已生成 {path.name}")
    total = len(listening_set.calls)
    click.echo(f"套题 {listening_set.name}:新生成 {len(written)} 段录音,共 {total} 通来电。")
