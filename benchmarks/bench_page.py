"""Benchmark: the office's page in a real headless browser, beside the same work in process.

Run: ``python benchmarks/bench_page.py [REPEATS]`` (default 10; needs the ``test`` extra and
Debian's ``chromium``). Starts ``xinfang serve`` on a free 127.0.0.1 port in its own
process and opens ``/page/`` in headless Chromium (Playwright), and reports the median
and worst of REPEATS runs of

- the first load: a new tab (empty cache) from navigation to the page ready (HTML, script,
  style, and the examples and regimes it asks the service for);
- the 预警清单 of the 240-row example 台账 (``ledger-2025.xlsx``): from the click to the
  table drawn (the upload, the reading, the judging on 2025-12-01, the figures, the answer
  and its 15 rows with their explanations drawn);
- the same request without a browser (``POST /page/api/ledger`` from this process), and
  the same work in process (reading the workbook, ``alerts``, ``report``), so that the
  browser's and the HTTP's shares are seen.

Traffic goes to 127.0.0.1 only; every run is bounded (30 s each).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_page import _chromium
from tests.test_service import Server

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "examples" / "ledger-2025.xlsx"
ON = dt.date(2025, 12, 1)


def in_process() -> float:
    """Reading the workbook, the 预警清单 and the figures, in this process (seconds)."""
    from xinfang_rules.formats.alerts import alerts
    from xinfang_rules.formats.ledger import open_ledger_bytes
    from xinfang_rules.metrics import report

    start = time.perf_counter()
    stream = open_ledger_bytes(LEDGER.read_bytes(), LEDGER.name, receiving_unit="某县信访局",
                               skip_bad=True)  # fmt: skip
    petitions = list(stream)
    found = alerts(petitions, ON)
    for a in found:
        assert a.deadline is not None
        a.deadline.explain().render("zh")
    report(petitions, min(p.received for p in petitions), ON, unrecorded=stream.unrecorded)
    return time.perf_counter() - start


def main() -> None:
    from playwright.sync_api import sync_playwright

    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    chromium = _chromium()
    if chromium is None:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    server = Server()
    loads, lists, http_only, local = [], [], [], []
    try:
        import base64

        body = {"example": "ledger-2025.xlsx", "on": ON.isoformat()}
        upload = {"file": {"name": "台账.xlsx", "data": base64.b64encode(LEDGER.read_bytes())
                           .decode()}, "on": ON.isoformat()}  # fmt: skip
        for _ in range(repeats):
            start = time.perf_counter()
            status, _, answer = server.call("POST", "/page/api/ledger", upload)
            http_only.append(time.perf_counter() - start)
            assert status == 200, answer
            assert answer["overdue"] == 14, answer
            local.append(in_process())
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"],
            )  # fmt: skip
            for _ in range(repeats):
                context = browser.new_context(viewport={"width": 1366, "height": 768})
                page = context.new_page()
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{server.port}/page/", timeout=30_000)
                page.wait_for_selector("body[data-ready=true]", timeout=30_000)
                loads.append(time.perf_counter() - start)
                page.select_option("#ledger-example", body["example"])
                page.fill("#ledger-on", body["on"])
                start = time.perf_counter()
                page.click("#ledger-run")
                page.wait_for_selector("#ledger-result:not([hidden])", timeout=30_000)
                lists.append(time.perf_counter() - start)
                assert page.locator("#alerts tbody tr").count() == 15
                context.close()
            browser.close()
    finally:
        server.stop()

    def line(name: str, xs: list[float], goal: str) -> str:
        return (f"  {name:<46} median {statistics.median(xs) * 1000:7.1f} ms   "
                f"worst {max(xs) * 1000:7.1f} ms   {goal}")  # fmt: skip

    print(f"The office's page, {repeats} runs each (Chromium {chromium}, 127.0.0.1):")
    print(line("first load (new tab, page ready)", loads, "goal < 1000 ms"))
    print(line("预警清单 of the 240-row 台账 (click → table)", lists, "goal < 1000 ms"))
    print(line("  the same over HTTP, no browser (upload)", http_only, ""))
    print(line("  the same in process (read, judge, explain)", local, ""))
    ratio = statistics.median(lists) / statistics.median(local)
    print(f"  browser + HTTP over in process: {ratio:.1f}x")
    print(json.dumps({"load_ms": statistics.median(loads) * 1000,
                      "list_ms": statistics.median(lists) * 1000}))  # fmt: skip


if __name__ == "__main__":
    main()
