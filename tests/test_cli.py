"""`kehoach` alone, `--help` and `--version` answer without starting Django; the rest is
Django's management utility."""

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command


def run(*args: str, language: str = "") -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "KEHOACH_LANG"}
    if language:
        environment["KEHOACH_LANG"] = language
    return subprocess.run(
        [sys.executable, "-m", "kehoach", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=environment,
    )


def test_help_lists_the_main_commands_in_vietnamese_or_in_english_never_both():
    """Issue 24: Vietnamese, or English (from the compiled catalogue, Django not started) when
    KEHOACH_LANG says so; never "vi / en"."""
    vietnamese, english = run("--help"), run("--help", language="en")
    for result in (vietnamese, english):
        assert result.returncode == 0
        for command in ("check FILE", "export FILE", "status PLAN", "backup DEST"):
            assert command in result.stdout
    assert "kiểm tra một kế hoạch" in vietnamese.stdout and "usage" not in vietnamese.stdout
    assert "check a plan" in english.stdout and "kiểm tra" not in english.stdout


def test_version_prints_the_package_version():
    from importlib.metadata import version

    assert run("--version").stdout.strip() == version("kehoach")


def test_django_help_still_lists_every_command():
    result = run("help", "--commands")
    assert result.returncode == 0
    assert "check" in result.stdout.split() and "migrate" in result.stdout.split()


def test_a_command_refuses_in_one_language_vietnamese_unless_kehoach_lang_says_english(
    db, monkeypatch
):
    """Issue 24: the command line says a message in one language, never "vi / en"."""
    monkeypatch.delenv("KEHOACH_LANG", raising=False)
    with pytest.raises(CommandError) as vietnamese:
        call_command("status", "999999")
    assert str(vietnamese.value) == "Không có kế hoạch '999999'."
    monkeypatch.setenv("KEHOACH_LANG", "en")
    with pytest.raises(CommandError) as english:
        call_command("status", "999999")
    assert str(english.value) == "No plan '999999'."
    assert english.value.returncode == 2
