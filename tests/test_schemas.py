"""The published JSON Schemas: valid, true to the loaders, and met by every real file.

Every example and shipped file validates; the keys each schema allows are exactly the keys
its loader allows; what a schema refuses the loader refuses too (shape errors); petitions
the case model builds (Hypothesis) always validate.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

from tests.test_cases import valid_histories
from xinfang_rules._files import tomllib
from xinfang_rules.calendar.notice_text import notice_file_toml, parse_notices
from xinfang_rules.calendar.notices import notice_file_from_dict
from xinfang_rules.cli import main
from xinfang_rules.errors import XinfangError
from xinfang_rules.formats import ledger, rota_io
from xinfang_rules.formats.case_io import petition_from_dict, petition_to_dict
from xinfang_rules.formats.ledger import read_ledger_csv
from xinfang_rules.law.rules import regime_from_dict
from xinfang_rules.schemas import SCHEMA_NAMES, SchemaError, json_schema, schema_text

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs" / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for the named schema, with formats checked."""
    return jsonschema.Draft202012Validator(
        json_schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def as_json(data: Any) -> Any:
    """Parsed TOML in its JSON form: dates as ISO strings."""
    if isinstance(data, dict):
        return {k: as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def shipped(folder: str) -> list[tuple[str, Any]]:
    """The TOML files shipped in a folder of the package (e.g. law/regimes), parsed, as JSON."""
    root = resources.files("xinfang_rules").joinpath(folder)
    return [
        (f.name, as_json(tomllib.loads(f.read_text("utf-8"))))
        for f in sorted(root.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".toml")
    ]


class TestSchemas:
    """Each schema is valid draft 2020-12, printed the same by the CLI and in the docs."""

    @pytest.mark.parametrize("name", SCHEMA_NAMES)
    def test_valid_and_published(self, name: str, capsys: pytest.CaptureFixture[str]) -> None:
        """check_schema passes; `xinfang schema NAME` and docs/schemas/NAME.schema.json agree."""
        schema = json_schema(name)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert main(["schema", name]) == 0
        printed = capsys.readouterr().out
        assert json.loads(printed) == schema
        assert printed == schema_text(name)
        assert (DOCS / f"{name}.schema.json").read_text(encoding="utf-8") == printed

    def test_unknown_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The API names the schemas; the CLI refuses with usage."""
        with pytest.raises(SchemaError, match="the schemas are petition, rota"):
            json_schema("rotas")
        with pytest.raises(SystemExit):
            main(["schema", "rotas"])
        assert "不是可选值" in capsys.readouterr().err


class TestTrueToTheLoaders:
    """Each schema allows exactly the keys its loader allows."""

    def test_regime_keys(self) -> None:
        """Top level, period, extension and source keys are the loader's."""
        from xinfang_rules import rules

        schema = json_schema("regime")
        period = schema["properties"]["periods"]["items"]
        assert set(schema["properties"]) == rules._REGIME_KEYS
        assert set(period["properties"]) == rules._PERIOD_KEYS
        assert set(period["properties"]["extension"]["properties"]) == rules._EXTENSION_KEYS
        assert set(schema["$defs"]["source"]["properties"]) == rules._SOURCE_KEYS

    def test_rota_keys(self) -> None:
        """Every table of a rota configuration."""
        schema = json_schema("rota")
        props = schema["properties"]
        assert set(props) == rota_io._TOP
        assert set(props["leaders"]["items"]["properties"]) == set(rota_io._LEADER_KEYS)
        assert set(props["places"]["items"]["properties"]) == set(rota_io._PLACE_KEYS)
        assert set(props["rules"]["items"]["properties"]) == set(rota_io._RULE_KEYS)
        assert set(props["minimum"]["items"]["properties"]) == set(rota_io._FREQUENCY_KEYS)
        assert set(props["unavailable"]["items"]["properties"]) == set(rota_io._UNAVAILABLE_KEYS)
        override = props["overrides"]["items"]["properties"]
        assert set(override) == set(rota_io._OVERRIDE_KEYS)
        assert set(override["replace"]["properties"]) == set(rota_io._REPLACE_KEYS)
        assert set(override["swap"]["properties"]) == set(rota_io._SWAP_KEYS)
        assert set(schema["$defs"]["pool"]["properties"]) == set(rota_io._POOL_KEYS)

    def test_notice_and_mapping_keys(self) -> None:
        """Notice files and ledger mappings."""
        from xinfang_rules import notices

        schema = json_schema("notice")
        assert set(schema["properties"]) == set(notices._FILE_KEYS)
        assert set(schema["properties"]["notice"]["items"]["properties"]) == set(
            notices._NOTICE_KEYS
        )
        assert set(schema["properties"]["region"]["properties"]) == set(notices._REGION_KEYS)
        mapping = json_schema("ledger-mapping")
        assert set(mapping["properties"]) == set(ledger._MAPPING_KEYS)
        assert set(mapping["properties"]["columns"]["properties"]) == set(ledger.FIELDS)
        assert set(mapping["properties"]["values"]["properties"]) == set(ledger._VALUE_TABLES)

    def test_petition_events(self) -> None:
        """One schema per event type, each with the event's fields and its type tag."""
        import attrs

        from xinfang_rules.cases import EVENT_TYPES

        defs = json_schema("petition")["$defs"]
        for cls in EVENT_TYPES:
            event = defs[f"event_{cls.type}"]
            assert event["properties"]["type"] == {"const": cls.type}
            assert set(event["properties"]) == {"type", *(a.name for a in attrs.fields(cls))}


class TestRealFilesValidate:
    """The examples, the shipped data and the files the library writes all validate."""

    def test_shipped_regimes(self) -> None:
        """The seven regimes of the package, and each still loads."""
        check = validator("regime")
        files = shipped("law/regimes")
        assert len(files) == 7
        for name, data in files:
            assert list(check.iter_errors(data)) == [], name
            regime_from_dict(data)

    def test_example_rota_and_mapping_and_region(self) -> None:
        """examples/rota-xiapu.toml, the default ledger mapping, the 广西 region file."""
        rota = as_json(tomllib.loads((ROOT / "examples" / "rota-xiapu.toml").read_text("utf-8")))
        validator("rota").validate(rota)
        rota_io.rota_config_from_dict(rota)
        (_, mapping), *_ = [f for f in shipped("formats") if f[0] == "ledger-default.toml"]
        validator("ledger-mapping").validate(mapping)
        (_, region), *_ = shipped("calendar/presets")
        validator("notice").validate(region)

    def test_notice_files_written_from_published_texts(self) -> None:
        """Each published notice text, imported, gives a notice file that validates."""
        check = validator("notice")
        texts = sorted((ROOT / "tests" / "notices").glob("20??.txt"))
        assert len(texts) >= 10
        for path in texts:
            parsed = parse_notices([path.read_text(encoding="utf-8")])
            data = as_json(tomllib.loads(notice_file_toml(parsed.notice)))
            assert list(check.iter_errors(data)) == [], path.name
            notice_file_from_dict(data)

    def test_example_ledger_petitions(self) -> None:
        """The 231 good rows of the example 台账, as records."""
        check = validator("petition")
        rows = read_ledger_csv(
            ROOT / "examples" / "ledger-2025.csv", receiving_unit="某县信访局", skip_bad=True
        ).petitions
        assert len(rows) == 231
        for p in rows:
            check.validate(petition_to_dict(p))

    @settings(max_examples=150, deadline=None)
    @given(valid_histories())
    def test_every_valid_petition(self, petition: Any) -> None:
        """Whatever history the case model accepts, its record validates."""
        validator("petition").validate(petition_to_dict(petition))


def refused(name: str, data: Any) -> bool:
    """Whether the schema refuses ``data``."""
    return any(True for _ in validator(name).iter_errors(data))


class TestRefusedByBoth:
    """Shape errors: the schema refuses them, and so does the loader."""

    @pytest.fixture
    def record(self) -> dict[str, Any]:
        """A well-formed petition record."""
        return {
            "schema": "xinfang_rules.petition/1",
            "id": "XF-1",
            "received": "2025-08-01",
            "channel": "来信",
            "category": "申诉求决类",
            "receiving_unit": "县信访局",
            "events": [{"type": "accepted", "date": "2025-08-04", "notified_on": None}],
        }

    @pytest.mark.parametrize(
        "change",
        [
            lambda r: r.update(schema="xinfang_rules.petition/2"),
            lambda r: r.pop("received"),
            lambda r: r.update(received="2025/08/01"),
            lambda r: r.update(channel="飞鸽"),
            lambda r: r.update(headcount=0),
            lambda r: r.update(headcount="3"),
            lambda r: r.update(first_time="false"),
            lambda r: r.update(nickname="x"),
            lambda r: r.update(petitioners=[{"name": "张三", "phone": 13800000000}]),
            lambda r: r["events"].append({"type": "teleported", "date": "2025-08-05"}),
            lambda r: r["events"].append({"type": "replied", "date": "2025-08-05"}),
            lambda r: r["events"][0].update(to_unit="x"),
        ],
    )
    def test_petition(self, record: dict[str, Any], change: Any) -> None:
        """Each malformed record: refused by the schema and by petition_from_dict."""
        petition_from_dict(record)  # the unchanged record is fine
        bad = copy.deepcopy(record)
        change(bad)
        assert refused("petition", bad)
        with pytest.raises(XinfangError):
            petition_from_dict(bad)

    def test_other_formats(self) -> None:
        """An unknown key or a wrong type at each level of the other formats."""
        regime = shipped("law/regimes")[0][1]
        bad = copy.deepcopy(regime)
        bad["periods"][0]["lenght"] = 3
        assert refused("regime", bad)
        with pytest.raises(XinfangError):
            regime_from_dict(bad)
        bad = copy.deepcopy(regime)
        bad["periods"][0]["unit"] = "fortnights"
        assert refused("regime", bad)
        with pytest.raises(XinfangError):
            regime_from_dict(bad)
        rota = as_json(tomllib.loads((ROOT / "examples" / "rota-xiapu.toml").read_text("utf-8")))
        mutations: list[Callable[[dict[str, Any]], None]] = [
            lambda c: c["rules"][0].update(weekday="周八"),
            lambda c: c["rules"][0].update(every_workday=True),  # two recurrences
            lambda c: c["leaders"][0].update(principal="yes"),
            lambda c: c.update(seed=1.5),
        ]
        for mutate in mutations:
            bad = copy.deepcopy(rota)
            mutate(bad)
            assert refused("rota", bad)
            with pytest.raises(XinfangError):
                rota_io.rota_config_from_dict(bad)
        region = next(f for f in shipped("calendar/presets") if f[0] == "guangxi.toml")[1]
        bad = copy.deepcopy(region)
        bad["region"]["sinse"] = 2000
        assert refused("notice", bad)
        with pytest.raises(XinfangError):
            notice_file_from_dict(bad)
