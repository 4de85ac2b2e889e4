"""The HTTP service, started as a real process on a loopback port and driven over HTTP.

Every endpoint gives what the Python API gives on the same input; bad input gets 4xx
problem+json naming the field, never a 500; tokens guard everything but /health; the
server refuses a public address without tokens, stops cleanly on SIGTERM, keeps personal
data out of its logs, and answers concurrent requests consistently. A property-based run
(Schemathesis, from the OpenAPI document) finds no server error.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.test_metrics import story_set
from xinfang_rules import WorkdayCalendar, report
from xinfang_rules.formats.case_io import petition_to_dict
from xinfang_rules.formats.rota_io import load_rota_config
from xinfang_rules.law.deadlines import compute_deadline, statutory_timeline
from xinfang_rules.law.rules import XINFANG_2022, named_regime
from xinfang_rules.service import ServiceConfig, ServiceError, load_tokens, openapi_document

D = dt.date
ROOT = Path(__file__).parent.parent
TOKEN = "a-test-token-of-some-length-0123"
ROTA = ROOT / "examples" / "rota-xiapu.toml"


def free_port() -> int:
    """A port nobody listens on now (loopback)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``xinfang serve`` in its own process, on a free loopback port."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"xinfang-serve-{self.port}.log"
        self.log_file = self.log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "xinfang_rules.cli", "serve", "--port", str(self.port), *args],
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log.read_text(encoding="utf-8"))
            try:
                if self.call("GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start in 30 s")

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], Any]:
        """One request; the status, headers and the parsed JSON body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        conn.request(
            method,
            urllib.parse.quote(path),
            data,
            {"Content-Type": "application/json", **(headers or {})},
        )
        response = conn.getresponse()
        text = response.read()
        conn.close()
        parsed = json.loads(text) if text else None
        return response.status, {k.lower(): v for k, v in response.getheaders()}, parsed

    def stop(self) -> bool:
        """SIGTERM; whether it shut down gracefully (its stop logged, gone within 15 s).

        uvicorn answers the requests in flight, runs the shutdown, then re-raises the
        signal, so the process ends "killed by SIGTERM" (or 0 on some platforms).
        """
        self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout=15)
        finally:
            self.log_file.close()
        stopped = '{"event": "stop"}' in self.log.read_text(encoding="utf-8")
        return stopped and status in (0, -signal.SIGTERM)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """One open server (no tokens, loopback) for the module."""
    s = Server("--max-batch", "500")
    yield s
    s.stop()


def records() -> list[dict[str, Any]]:
    """The six hand-worked petitions of the metrics tests, as records."""
    return [petition_to_dict(p) for p in story_set()]


class TestSameAnswersAsThePythonAPI:
    """Each endpoint, over HTTP, against the library called directly."""

    def test_health_and_openapi(self, server: Server) -> None:
        """Health says ok; /openapi.json is the generated document."""
        status, _, body = server.call("GET", "/health")
        assert status == 200 and body["status"] == "ok"
        status, _, doc = server.call("GET", "/openapi.json")
        assert status == 200 and doc == openapi_document()
        assert doc["openapi"] == "3.1.0"
        assert "Petition" in doc["components"]["schemas"]

    def test_calendar(self, server: Server) -> None:
        """A day and a month, with kinds and the provisional flag."""
        cal = WorkdayCalendar.china()
        _, _, day = server.call("GET", "/calendar/day/2025-10-11")
        info = cal.describe(D(2025, 10, 11))
        assert day["workday"] is True and day["kind"] == "makeup_workday"
        assert day["reason_zh"] == info.reason("zh")
        _, _, month = server.call("GET", "/calendar/month/2025-10")
        assert len(month["days"]) == 31 and month["provisional"] is False
        assert month["workdays"] == sum(cal.is_workday(D(2025, 10, d)) for d in range(1, 32))
        _, _, later = server.call("GET", "/calendar/month/2027-02")
        assert later["provisional"] is True and later["days"][0]["official"] is False

    def test_workdays(self, server: Server) -> None:
        """Add and between, with their explanations."""
        cal = WorkdayCalendar.china()
        _, _, added = server.call("POST", "/workdays/add", {"date": "2025-09-30", "n": 5})
        assert added["result"] == "2025-10-14" == cal.add_workdays(D(2025, 9, 30), 5).isoformat()
        assert added["explanation_zh"] == cal.explain_add_workdays(D(2025, 9, 30), 5).render("zh")
        _, _, between = server.call(
            "POST", "/workdays/between", {"start": "2025-09-30", "end": "2025-10-14"}
        )
        assert between["count"] == 5

    def test_deadline(self, server: Server) -> None:
        """A period's deadline and its explanation, zh and en."""
        d = compute_deadline(XINFANG_2022["handle"], D(2025, 9, 30), regime=XINFANG_2022)
        _, _, got = server.call("POST", "/deadline", {"period": "handle", "start": "2025-09-30"})
        assert (got["due"], got["last_day"]) == (d.due.isoformat(), d.last_day.isoformat())
        assert got["why_zh"] == d.why("zh") and got["explanation_en"] == d.explain().render("en")
        assert got["source"] == "《信访工作条例》第三十四条"
        shandong = named_regime("山东")
        period = shandong.periods[0]
        _, _, got = server.call(
            "POST", "/deadline", {"period": period.id, "start": "2025-09-30", "regime": "山东"}
        )
        want = compute_deadline(period, D(2025, 9, 30), regime=shandong)
        assert got["regime"] == shandong.id and got["due"] == want.due.isoformat()

    def test_timeline(self, server: Server) -> None:
        """Every period, with a due date where its clock is known."""
        _, _, got = server.call(
            "POST", "/timeline", {"received": "2025-09-26", "accepted": "2025-10-09"}
        )
        want = statutory_timeline(D(2025, 9, 26), accepted=D(2025, 10, 9))
        assert [i["period"] for i in got["items"]] == [p.id for p, _ in want]
        assert [i["due"] for i in got["items"]] == [
            d.due.isoformat() if d else None for _, d in want
        ]

    def test_status(self, server: Server) -> None:
        """Each petition's state and deadlines on a day, as Petition.status."""
        on = D(2025, 12, 31)
        _, _, got = server.call(
            "POST", "/petitions/status", {"on": on.isoformat(), "petitions": records()}
        )
        for item, p in zip(got["petitions"], story_set(), strict=True):
            st = p.status(on)
            assert (item["id"], item["state"]) == (p.id, st.state)
            assert [(x["period"], x["due"], x["state"]) for x in item["deadlines"]] == [
                (c.period_id, c.deadline.due.isoformat(), c.state) for c in st.deadlines
            ]

    def test_metrics(self, server: Server) -> None:
        """Every figure per unit and pooled, and a ranking with ties."""
        _, _, got = server.call(
            "POST",
            "/metrics",
            {
                "petitions": records(),
                "start": "2025-08-01",
                "end": "2025-12-31",
                "rank": "timely_acceptance_bureau",
            },
        )
        rep = report(story_set(), D(2025, 8, 1), D(2025, 12, 31))
        assert got["rows"] == rep.rows(), "rows as Report.rows()"
        assert got["ranking"][0] == {
            "rank": 1,
            "unit": "县住建局",
            "numerator": 2,
            "denominator": 3,
            "percent": "66.67",
        }
        assert got["ranking"][1]["rank"] is None

    def test_rota(self, server: Server) -> None:
        """Generate, then check the generated rota: no violations; one removed: uncovered."""
        config = json.loads(json.dumps(_rota_json()))
        body = {"config": config, "start": "2026-09-01", "end": "2026-09-30"}
        status, _, got = server.call("POST", "/rota/generate", body)
        assert status == 200
        want = load_rota_config(ROTA).generate(D(2026, 9, 1), D(2026, 9, 30))
        assert [(a["date"], a["place"], tuple(a["leaders"])) for a in got["assignments"]] == [
            (a.date.isoformat(), a.place, a.leaders) for a in want.assignments
        ]
        given = [{k: a[k] for k in ("date", "place", "leaders")} for a in got["assignments"]]
        check = {"config": config, "start": "2026-09-01", "end": "2026-09-30"}
        _, _, ok = server.call("POST", "/rota/check", {**check, "assignments": given})
        assert ok == {"ok": True, "violations": []}
        _, _, bad = server.call("POST", "/rota/check", {**check, "assignments": given[1:]})
        assert bad["ok"] is False and bad["violations"][0]["kind"] == "uncovered"

    def test_rota_repaired_and_explained(self, server: Server) -> None:
        """The exact search closes tight-084's gap; an impossible minimum comes with why."""
        pytest.importorskip("ortools")
        config = _rota_json(ROOT / "tests" / "rota_cases" / "tight-084.toml")
        body = {"config": config, "start": "2026-10-01", "end": "2026-10-31"}
        status, _, got = server.call("POST", "/rota/generate", body)
        assert status == 200, got
        assert got["gaps"] == [] and got["conflicts"] == []
        assert got["notes"][0].startswith("complete rota found by the exact search")
        greedy = {**body, "solver": "greedy", "allow_gaps": True, "time_limit": 2}
        _, _, got = server.call("POST", "/rota/generate", greedy)
        assert [g[:10] for g in got["gaps"]] == ["2026-10-29"]
        # the budget bounds the whole generation: spent at once, the fill with its gap and
        # notes saying what was cut short (a request never holds a worker past time_limit)
        spent = {**body, "allow_gaps": True, "time_limit": 1e-9}
        status, _, got = server.call("POST", "/rota/generate", spent)
        assert status == 200 and [g[:10] for g in got["gaps"]] == ["2026-10-29"]
        assert [n[:39] for n in got["notes"]] == ["the time limit (1e-09 s) ran out before"] * 2
        config["minimum"][0]["count"] = 9  # nine in October, at most two a week: no rota can
        impossible = {**body, "config": config, "allow_gaps": True}
        _, _, got = server.call("POST", "/rota/generate", impossible)
        kinds = {c["kind"] for c in got["conflicts"]}
        assert "minimum" in kinds, got["conflicts"]
        first = next(c for c in got["conflicts"] if c["kind"] == "minimum")
        assert "至少应接访 9 次" in first["message_zh"] and first["first"] == "2026-10-01"
        status, _, problem = server.call(
            "POST", "/rota/generate", {**impossible, "allow_gaps": False}
        )
        assert status == 422 and "排不出满足全部规则的安排，因为" in problem["detail"]
        status, headers, problem = server.call(
            "POST", "/rota/generate", {**impossible, "allow_gaps": False},
            headers={"Accept-Language": "en-GB,en;q=0.9,zh;q=0.1"},
        )  # fmt: skip
        assert status == 422 and "no rota can meet every rule" in problem["detail"]
        assert problem["title"] == "Unprocessable request"
        assert headers["content-language"] == "en"
        for bad in (0, -1, 31):
            status, _, problem = server.call("POST", "/rota/generate", {**body, "time_limit": bad})
            assert status in (400, 422) and problem["errors"][0]["path"] == "time_limit", problem

    def test_regimes(self, server: Server) -> None:
        """The list, and one regime with its quotes."""
        _, _, listed = server.call("GET", "/regimes")
        assert {r["id"] for r in listed} >= {"xinfang-2022", "shandong-2015"}
        status, _, one = server.call("GET", "/regimes/山东")
        assert status == 200 and one["id"] == "shandong-2015"
        assert all(p["quote"] for p in one["periods"])
        status, headers, _ = server.call("GET", "/regimes/火星")
        assert status == 422 and headers["content-type"] == "application/problem+json"


def _rota_json(path: Path = ROTA) -> dict[str, Any]:
    """A rota configuration (default: the example) in its JSON form."""
    from tests.test_schemas import as_json
    from xinfang_rules._files import tomllib

    return dict(as_json(tomllib.loads(path.read_text(encoding="utf-8"))))


class TestBadInput:
    """4xx problem+json naming the field; never a 500."""

    @pytest.mark.parametrize(
        ("path", "raw", "status", "field"),
        [
            ("/deadline", b"{not json", 400, None),
            ("/deadline", b"[" * 100_000, 400, None),
            ("/deadline", b'"a string"', 422, ""),
            ("/deadline", b'{"period": "handle"}', 422, "start"),
            ("/deadline", b'{"period": 3, "start": "2025-01-01"}', 422, "period"),
            ("/deadline", b'{"period": "handle", "start": "2025-02-30"}', 422, "start"),
            ("/deadline", b'{"period": "handle", "start": "2025-01-01", "x": 1}', 422, "x"),
            ("/deadline", b'{"period": "nope", "start": "2025-01-01"}', 422, "period"),
            ("/workdays/add", b'{"date": "2025-01-01", "n": true}', 422, "n"),
            ("/workdays/add", b'{"date": "2025-01-01", "n": 99999999}', 422, "n"),
            ("/workdays/add", b'{"date": "2101-01-01", "n": 1}', 422, None),
            (
                "/petitions/status",
                b'{"on": "2025-12-01", "petitions": [{"schema": 1}]}',
                422,
                "petitions[0].schema",
            ),
            (
                "/metrics",
                b'{"petitions": [], "start": "2025-02-01", "end": "2025-01-01"}',
                422,
                None,
            ),
            (
                "/rota/generate",
                b'{"config": {"schema": "x"}, "start": "2026-01-01", "end": "2026-01-31"}',
                422,
                "config.schema",
            ),
        ],
    )
    def test_problem(
        self, server: Server, path: str, raw: bytes, status: int, field: str | None
    ) -> None:
        """The status, problem+json, and the field path when there is one."""
        got, headers, body = server.call("POST", path, raw=raw)
        assert got == status, body
        assert headers["content-type"] == "application/problem+json"
        assert body["status"] == status and body["title"]
        if field is not None:
            assert body["errors"][0]["path"] == field

    def test_answers_in_the_language_asked(self) -> None:
        """Serve --lang en: English unless Accept-Language asks for Chinese; zh by default."""
        english = Server("--lang", "en")
        try:
            bad = {"on": "2025-12-01", "petitions": "nope"}
            status, headers, body = english.call("POST", "/petitions/status", bad)
            assert status in (400, 422) and headers["content-language"] == "en"
            assert body["title"] in ("Unprocessable request", "Malformed JSON")
            status, headers, body = english.call(
                "POST", "/petitions/status", bad, headers={"Accept-Language": "zh-CN,zh;q=0.9"}
            )
            assert headers["content-language"] == "zh"
            assert body["title"] in ("无法处理的请求", "请求格式错误")
            status, headers, body = english.call("GET", "/nowhere")
            assert status == 404 and body["detail"] == "GET /nowhere"
        finally:
            assert english.stop()

    def test_a_date_beyond_the_calendar_names_the_record(self, server: Server) -> None:
        """登记日期 2205-03-01, or a deadline past 2099: a 422 naming the record and field."""
        good = records()[0]
        typo = {**good, "received": "2205-03-01", "events": []}
        status, headers, body = server.call(
            "POST", "/petitions/status", {"on": "2025-12-01", "petitions": [good, typo]}
        )
        assert status == 422 and headers["content-language"] == "zh"
        assert body["errors"][0]["path"] == "petitions[1].received"
        assert "超出日历范围" in body["errors"][0]["message"]
        late = {**good, "received": "2099-12-25", "events": []}
        status, _, body = server.call(
            "POST", "/petitions/status", {"on": "2099-12-30", "petitions": [late]}
        )
        assert status == 422, body
        assert body["errors"][0]["path"] == "petitions[0].received"
        assert "由本件日期推算的期限超出日历范围" in body["errors"][0]["message"]

    def test_record_errors_name_the_event(self, server: Server) -> None:
        """A petition's bad event date: petitions[1].events[0].date."""
        good = records()[0]
        bad = {**good, "events": [{"type": "accepted", "date": "2025-08-32"}]}
        status, _, body = server.call(
            "POST", "/petitions/status", {"on": "2025-12-01", "petitions": [good, bad]}
        )
        assert status == 422
        assert body["errors"][0]["path"] == "petitions[1].events[0].date"

    def test_unknown_route_and_method(self, server: Server) -> None:
        """404 and 405 are problems too."""
        assert server.call("GET", "/nowhere")[0] == 404
        status, headers, _ = server.call("GET", "/deadline")
        assert status == 405 and headers["content-type"] == "application/problem+json"

    def test_limits(self) -> None:
        """413 past the body size and past the batch size."""
        small = Server("--max-body", "20000", "--max-batch", "2")
        try:
            status, _, body = small.call("POST", "/deadline", raw=b" " * 30000)
            assert status == 413 and body["title"] == "请求体过大"
            three = records()[:3]
            status, _, body = small.call(
                "POST", "/petitions/status", {"on": "2025-12-01", "petitions": three}
            )
            assert status in (413,) and "超过上限 2 件" in body["detail"]
        finally:
            assert small.stop()


class TestAccess:
    """Tokens, addresses, shutdown, logs."""

    def test_tokens(self) -> None:
        """Without or with a wrong token: 401; with the right one: 200; health is open."""
        guarded = Server(env={"XINFANG_TOKENS": TOKEN})
        try:
            assert guarded.call("GET", "/health")[0] == 200
            status, headers, body = guarded.call("GET", "/regimes")
            assert status == 401 and headers["www-authenticate"] == "Bearer"
            assert body["status"] == 401
            wrong = {"Authorization": "Bearer " + "x" * len(TOKEN)}
            assert guarded.call("GET", "/regimes", headers=wrong)[0] == 401
            assert guarded.call("GET", "/regimes", headers={"Authorization": TOKEN})[0] == 401
            right = {"Authorization": f"Bearer {TOKEN}"}
            assert guarded.call("GET", "/regimes", headers=right)[0] == 200
            assert guarded.call("GET", "/openapi.json")[0] == 200
        finally:
            assert guarded.stop()

    def test_public_address_needs_tokens(self, tmp_path: Path) -> None:
        """0.0.0.0 without tokens: refused before listening; short tokens refused too."""
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "xinfang_rules.cli",
                "serve",
                "--host",
                "0.0.0.0",
                "--port",
                str(free_port()),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={k: v for k, v in os.environ.items() if k != "XINFANG_TOKENS"},
        )
        assert run.returncode == 1
        assert "不在 0.0.0.0 上提供服务" in run.stderr and "Traceback" not in run.stderr
        with pytest.raises(ServiceError, match="at least 16"):
            ServiceConfig(host="0.0.0.0", tokens=frozenset({"short"})).check()
        ServiceConfig(host="0.0.0.0", tokens=frozenset({TOKEN})).check()
        tokens = tmp_path / "tokens"
        tokens.write_text(f"# the office's systems\n{TOKEN}\n\n", encoding="utf-8")
        assert load_tokens(str(tokens), {"XINFANG_TOKENS": "b" * 20 + ", "}) == {TOKEN, "b" * 20}

    def test_shutdown_and_logs(self) -> None:
        """SIGTERM ends it gracefully; a JSON log line per request, and no personal data."""
        s = Server()
        person = {
            **records()[0],
            "petitioners": [
                {"name": "张三丰", "id_number": "11010519491231002X", "phone": "13812345678"}
            ],
        }
        assert (
            s.call("POST", "/petitions/status", {"on": "2025-12-01", "petitions": [person]})[0]
            == 200
        )
        bad = {**person, "petitioners": [{"name": "张三丰", "id_number": "11010519491231002Y"}]}
        assert (
            s.call("POST", "/petitions/status", {"on": "2025-12-01", "petitions": [bad]})[0] == 422
        )
        assert s.stop()
        log = s.log.read_text(encoding="utf-8")
        lines = [json.loads(x) for x in log.splitlines() if x.startswith("{")]
        assert lines[0]["event"] == "start" and lines[-1] == {"event": "stop"}
        requests = [x for x in lines if x["event"] == "request"]
        assert [(x["method"], x["path"], x["status"]) for x in requests[-2:]] == [
            ("POST", "/petitions/status", 200),
            ("POST", "/petitions/status", 422),
        ]
        assert all(isinstance(x["ms"], float) and x["bytes"] > 0 for x in requests)
        for secret in ("11010519491231002", "13812345678", "张三丰"):
            assert secret not in log


class TestConcurrency:
    """The shared calendar and its caches under concurrent requests."""

    def test_same_answers_from_many_threads(self, server: Server) -> None:
        """8 threads × 40 mixed requests (incl. provisional 2027): each answer as alone."""
        asks: list[tuple[str, dict[str, Any]]] = [
            ("/deadline", {"period": "handle", "start": f"2026-{m:02d}-15"}) for m in range(1, 13)
        ]
        asks += [("/workdays/add", {"date": f"2026-12-{d:02d}", "n": 30}) for d in range(1, 29)]
        alone = {json.dumps(b): server.call("POST", p, b)[2] for p, b in asks}
        errors: list[str] = []

        def work(offset: int) -> None:
            for i in range(40):
                path, body = asks[(offset * 7 + i) % len(asks)]
                status, _, got = server.call("POST", path, body)
                if status != 200 or got != alone[json.dumps(body)]:
                    errors.append(f"{path} {body}: {status}")

        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []


def test_openapi_is_made_from_the_models() -> None:
    """Each route's request and response models are components; petitions use the schema."""
    doc = openapi_document()
    schemas = doc["components"]["schemas"]
    assert {"DeadlineRequest", "DeadlineOut", "Problem", "Petition", "RotaConfig"} <= set(schemas)
    status = schemas["StatusRequest"]["properties"]["petitions"]
    assert status == {"type": "array", "items": {"$ref": "#/components/schemas/Petition"}}
    text = json.dumps(doc)
    assert "#/$defs/" not in text  # every reference resolves inside the document
    assert doc["paths"]["/health"]["get"].get("security") is None
    assert doc["paths"]["/deadline"]["post"]["security"] == [{"bearer": []}]


SCHEMA: Any = schemathesis.openapi.from_dict(openapi_document())
MODES: list[Any] = list(schemathesis.GenerationMode)
#: Every operation with each mode; negative only where there is something to break.
CASES = [
    pytest.param(op, mode, id=f"{op.label} {mode.value}")
    for op in (result.ok() for result in SCHEMA.get_all_operations())
    for mode in MODES
    if mode is schemathesis.GenerationMode.POSITIVE or op.method == "post" or "{" in op.path
]


@pytest.mark.parametrize(("operation", "mode"), CASES)
def test_no_server_error_from_generated_requests(server: Server, operation: Any, mode: Any) -> None:
    """Requests generated from the OpenAPI document (valid, and not): never a 5xx.

    Schemathesis draws 20 requests per operation and mode (positive: valid by the schema;
    negative: breaking it), sent to the loopback server only.
    """
    base = f"http://127.0.0.1:{server.port}"

    @given(operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(case: Any) -> None:
        response = case.call(base_url=base, timeout=30)
        assert response.status_code < 500, (case.path, case.body, response.text[:300])
        if response.status_code >= 400:
            assert response.headers["content-type"] in (
                ["application/problem+json"],
                "application/problem+json",
            )

    run()


def test_published_openapi_document(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/openapi.json is what `xinfang serve --print-openapi` prints today."""
    from xinfang_rules.cli import main

    assert main(["serve", "--print-openapi"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == openapi_document()
    assert (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8") == printed


def test_docs_list_every_endpoint() -> None:
    """docs/service.md's endpoint table names every operation of the document, as it is."""
    text = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    section = text.split("## Endpoints", 1)[1].split("\n## ", 1)[0]
    doc = openapi_document()
    listed = [line for line in section.splitlines() if line.startswith("| `")]
    rows = []
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            rows.append(f"| `{method.upper()} {path}` | {op['summary']} |")
    assert len(listed) == len(rows)
    for row, line in zip(rows, listed, strict=True):
        assert line.startswith(row), (row, line)


def test_notice_and_regime_files_at_start_up(tmp_path: Path) -> None:
    """--notice makes a year official; --regime adds a province's regime by its id."""
    from importlib import resources

    notice = tmp_path / "2027.toml"
    notice.write_text(
        'schema = "xinfang_rules.notices/1"\n[[notice]]\nyear = 2027\ntitle = "测试通知"\n'
        '[notice.days_off]\n"元旦" = ["2027-01-01..2027-01-03"]\n',
        encoding="utf-8",
    )
    text = resources.files("xinfang_rules.law").joinpath("regimes/henan-2012.toml")
    regime = tmp_path / "province.toml"
    source = text.read_text("utf-8")
    regime.write_text(source.replace('id = "henan-2012"', 'id = "test-province"', 1),
                      encoding="utf-8")  # fmt: skip
    s = Server("--notice", str(notice), "--regime", str(regime))
    try:
        _, _, day = s.call("GET", "/calendar/day/2027-01-01")
        assert day["official"] is True and day["holiday"] == "元旦"
        _, _, month = s.call("GET", "/calendar/month/2027-01")
        assert month["provisional"] is False
        _, _, listed = s.call("GET", "/regimes")
        assert "test-province" in {r["id"] for r in listed}
        status, _, got = s.call(
            "POST",
            "/deadline",
            {"period": "handle", "start": "2025-09-30", "regime": "test-province"},
        )
        assert status == 200 and got["regime"] == "test-province"
        want = compute_deadline(named_regime("henan-2012")["handle"], D(2025, 9, 30),
                                regime=named_regime("henan-2012"))  # fmt: skip
        assert got["due"] == want.due.isoformat()
        assert s.call("GET", "/regimes/test-province")[0] == 200
    finally:
        assert s.stop()


def test_calendar_caches_from_many_threads() -> None:
    """One fresh calendar shared by 8 threads: the same answers as one thread alone.

    Its caches (year tables, the fast index, warned years, day descriptions) fill while
    the threads race; provisional years (2027+) are in the mix.
    """
    import warnings

    from xinfang_rules.errors import ProvisionalCalendarWarning

    starts = [D(2024, 1, 1) + dt.timedelta(days=9 * i) for i in range(200)]

    def answers(cal: WorkdayCalendar) -> list[tuple[Any, ...]]:
        out = []
        for s in starts:
            d = compute_deadline(XINFANG_2022["handle"], s, calendar=cal, regime=XINFANG_2022)
            out.append((d.due, cal.add_workdays(s, 30), cal.describe(s).reason("zh"),
                        len(d.explain().steps)))  # fmt: skip
        return out

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ProvisionalCalendarWarning)
        alone = answers(WorkdayCalendar.china(region="广西"))
        shared = WorkdayCalendar.china(region="广西")
        results: list[list[tuple[Any, ...]]] = []
        threads = [threading.Thread(target=lambda: results.append(answers(shared)))
                   for _ in range(8)]  # fmt: skip
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(results) == 8 and all(r == alone for r in results)


def test_a_long_rota_leaves_the_service_answering(monkeypatch: pytest.MonkeyPatch) -> None:
    """While a rota's search runs, other requests are answered (it runs in a worker thread).

    The rota is held until /health has answered: on the event loop it would never answer.
    """
    import asyncio
    import threading

    import httpx

    from xinfang_rules.formats.rota_io import RotaConfig
    from xinfang_rules.service import create_app

    release = threading.Event()
    real = RotaConfig.generate

    def held(self: RotaConfig, *args: Any, **kw: Any) -> Any:
        assert release.wait(30), "the rota was never released"
        return real(self, *args, **kw)

    monkeypatch.setattr(RotaConfig, "generate", held)
    body = {"config": _rota_json(), "start": "2026-09-01", "end": "2026-09-30"}

    async def scenario() -> tuple[int, int]:
        transport = httpx.ASGITransport(app=create_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            rota = asyncio.ensure_future(client.post("/rota/generate", json=body))
            await asyncio.sleep(0)  # let the rota request start
            health = await asyncio.wait_for(client.get("/health"), 30)
            assert not rota.done()  # still held: /health was answered meanwhile
            release.set()
            return health.status_code, (await rota).status_code

    assert asyncio.run(scenario()) == (200, 200)
