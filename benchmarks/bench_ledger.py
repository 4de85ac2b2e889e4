"""Benchmark: reading a 信访台账 workbook, calamine against openpyxl, and the whole ledger.

Run: ``python benchmarks/bench_ledger.py [N]`` (default 20,000 rows; needs the ``test``
extra for openpyxl). Writes a workbook of N petitions (date cells, text, counts), then
times, best of three: reading the sheet's cells with python-calamine (the reader of
``read_ledger_xlsx``) and with openpyxl's read-only mode (the usual alternative), the
whole ``read_ledger_xlsx`` / ``read_ledger_csv`` (cells to checked petitions, all kept),
and the same streamed with ``open_ledger`` (each petition let go). Prints the times and
the ratios. Then the peak memory (maximum resident set, in a fresh process) of streaming
the ledger at N/5 and at N rows: flat memory means the two are close.
"""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from _timing import timed
from xinfang_rules.formats.ledger import open_ledger, read_ledger_csv, read_ledger_xlsx
from xinfang_rules.formats.workbook_limits import check_workbook

HEADER = ["信访编号", "登记日期", "信访形式", "信访人", "人数", "问题类别", "责任单位",
          "转送/交办日期", "受理日期", "告知日期", "答复日期", "办理结果", "满意度"]  # fmt: skip


def rows(n: int) -> list[list[object]]:
    """N petitions received over a year, forwarded, accepted, half of them answered."""
    out: list[list[object]] = []
    start = dt.date(2025, 1, 2)
    for i in range(n):
        d = start + dt.timedelta(days=i % 300)
        replied = d + dt.timedelta(days=40) if i % 2 else None
        out.append([f"XF-{i:06d}", d, ("来信", "来访", "网信")[i % 3], "张三", 1 + i % 4,
                    "申诉求决类", f"县局{i % 20}", d + dt.timedelta(days=1),
                    d + dt.timedelta(days=3), d + dt.timedelta(days=4), replied,
                    "予以支持" if replied else None, "满意" if replied else None])  # fmt: skip
    return out


STREAM = """
import resource, sys
from xinfang_rules.formats.workbook_limits import check_workbook
from xinfang_rules.formats.ledger import open_ledger
n = sum(1 for _ in open_ledger(sys.argv[1], receiving_unit="某县信访局"))
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def peak_mib(path: Path) -> tuple[int, int]:
    """Rows streamed and the peak resident memory (MiB) of a fresh process doing it."""
    out = subprocess.run(
        [sys.executable, "-c", STREAM, str(path)], check=True, capture_output=True, text=True
    ).stdout.split()
    return int(out[0]), int(out[1])


def write_files(data: list[list[object]], folder: Path) -> tuple[Path, Path]:
    """The rows as a workbook (date cells, numbers) and as CSV (UTF-8 with BOM)."""
    from openpyxl import Workbook

    book = folder / "台账.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("台账")
    ws.append(HEADER)
    for r in data:
        ws.append(r)
    wb.save(book)
    table = folder / "台账.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(["" if c is None else c for c in r] for r in data)
    return book, table


def main() -> None:
    """Write the workbook and the CSV, time each reader, print the ratios."""
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    data = rows(n)
    with tempfile.TemporaryDirectory() as tmp:
        book, table = write_files(data, Path(tmp))
        small = Path(tmp) / "small"
        small.mkdir()
        small_book, small_table = write_files(data[: n // 5], small)
        memory = {
            "csv": (peak_mib(small_table), peak_mib(table)),
            "xlsx": (peak_mib(small_book), peak_mib(book)),
        }

        def calamine_cells() -> int:
            return len(CalamineWorkbook.from_path(str(book)).get_sheet_by_index(0).to_python())

        def openpyxl_cells() -> int:
            sheet = load_workbook(book, read_only=True).worksheets[0]
            return sum(1 for _ in sheet.iter_rows(values_only=True))

        def guard() -> None:
            check_workbook(book, 0, ValueError)

        t_guard, _ = timed(guard)
        t_cal, _ = timed(calamine_cells)
        t_opx, _ = timed(openpyxl_cells)
        t_xlsx, result = timed(lambda: read_ledger_xlsx(book, receiving_unit="某县信访局"))
        t_csv, _ = timed(lambda: read_ledger_csv(table, receiving_unit="某县信访局"))
        t_sx, _ = timed(lambda: sum(1 for _ in open_ledger(book, receiving_unit="某县信访局")))
        t_sc, _ = timed(lambda: sum(1 for _ in open_ledger(table, receiving_unit="某县信访局")))
    print(f"{n:,} rows ({result.summary('en')})")
    print(f"  cells, python-calamine:          {t_cal:7.3f} s")
    print(f"  bounds checked before reading:   {t_guard:7.3f} s  ({t_guard / t_cal:.2f}x calamine)")
    print(f"  cells, openpyxl read-only:       {t_opx:7.3f} s  ({t_opx / t_cal:.1f}x calamine)")
    print(f"  read_ledger_xlsx (to petitions): {t_xlsx:7.3f} s  ({n / t_xlsx:,.0f} rows/s)")
    print(f"  read_ledger_csv  (to petitions): {t_csv:7.3f} s  ({n / t_csv:,.0f} rows/s)")
    print(f"  open_ledger .xlsx (streamed):    {t_sx:7.3f} s  ({n / t_sx:,.0f} rows/s)")
    print(f"  open_ledger .csv  (streamed):    {t_sc:7.3f} s  ({n / t_sc:,.0f} rows/s)")
    print("peak memory streaming with open_ledger (fresh process, max RSS):")
    for kind, ((n1, m1), (n2, m2)) in memory.items():
        print(f"  {kind:4}: {n1:>9,} rows {m1:4} MiB   {n2:>9,} rows {m2:4} MiB")


if __name__ == "__main__":
    main()
