"""The xinfang command."""

from __future__ import annotations

import pytest

from xinfang_rules.cli import main


class TestCli:
    """Outputs of the main jobs."""

    def test_calendar_month(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The month shows holidays (休), make-up days (班) and the source."""
        assert main(["calendar", "2025-01"]) == 0
        out = capsys.readouterr().out
        assert "26班" in out and "28休" in out
        assert "2025-01-26  星期日，调休上班（春节）" in out
        assert "工作日 19 天，休息日 12 天。" in out
        assert "国务院办公厅关于2025年部分节假日安排的通知" in out

    def test_workdays_add(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Add prints the answer and the days skipped."""
        assert main(["workdays", "add", "2025-01-20", "15"]) == 0
        out = capsys.readouterr().out
        assert "2025-01-20 后第 15 个工作日是 2025-02-14" in out
        assert "2025-01-28 至 2025-02-04（8 天）：春节" in out

    def test_workdays_between_en(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Between counts and explains, in English on request."""
        assert main(["workdays", "between", "2025-09-26", "2025-10-09", "--lang", "en"]) == 0
        assert "Working day 4 after 2025-09-26 is 2025-10-09" in capsys.readouterr().out

    def test_provisional_warning_and_strict(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A provisional year warns on stderr; --strict makes it an error (exit 1)."""
        assert main(["calendar", "2091-02"]) == 0
        captured = capsys.readouterr()
        assert "暂定" in captured.out and "warning" in captured.err
        assert main(["calendar", "2091-02", "--strict"]) == 1
        assert "no official holiday notice for 2091" in capsys.readouterr().err

    def test_bad_input(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Bad dates are usage errors; out-of-range dates library errors."""
        with pytest.raises(SystemExit) as exc:
            main(["workdays", "add", "2025-13-01", "5"])
        assert exc.value.code == 2
        assert main(["workdays", "add", "1990-01-01", "5"]) == 1
        assert "outside the supported range" in capsys.readouterr().err

    def test_region(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--region adds the preset's local holidays."""
        assert main(["calendar", "2025-03", "--region", "广西"]) == 0
        assert "壮族三月三" in capsys.readouterr().out
