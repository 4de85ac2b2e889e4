"""Write examples/ledger-2025.csv and examples/ledger-2025.xlsx: a county's 信访台账 for 2025.

Invented people (names drawn from common characters, ID numbers under the unassigned
region code 990000, phone numbers in 1380000xxxx), invented petitions, with bad rows
planted where the tests and docs expect them (see BAD below). Deterministic: the same
seed gives the same ledger. Run from the project root:

    .venv/bin/python tools/make_example_ledger.py

The workbook needs the ``excel`` extra (openpyxl). The tests check that the workbook and
the CSV hold the same rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from xinfang_rules import WorkdayCalendar

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "信访编号", "登记日期", "信访形式", "信访人", "身份证号", "联系电话", "人数", "反映问题",
    "问题类别", "责任单位", "办理方式", "转送/交办日期", "办理期限", "受理日期", "告知日期",
    "答复日期", "办理结果", "满意度", "办结日期", "是否重复信访", "包案领导", "备注",
]  # fmt: skip
UNITS = {
    "县住建局": ["违建举报", "物业纠纷", "房屋质量", "老旧小区改造"],
    "县人社局": ["拖欠工资", "社保转移", "工伤认定", "养老金核算"],
    "县自然资源局": ["征地补偿", "宅基地确权", "土地流转"],
    "县生态环境局": ["噪声扰民", "油烟污染", "污水排放"],
    "县交通运输局": ["道路维修", "公交线路", "出租车服务"],
    "县医保局": ["医保报销", "异地就医备案"],
    "县教育局": ["入学安排", "校外培训退费"],
    "县市场监管局": ["食品安全", "预付卡退费", "价格欺诈"],
    "城关镇人民政府": ["邻里纠纷", "村务公开", "低保评定"],
}
CHANNELS = ["来信", "来访", "网上", "电话", "网信", "领导信箱"]
CATEGORIES = ["申诉求决类"] * 6 + ["检举控告类"] * 2 + ["建议意见类"] * 2
RATINGS = ["满意"] * 12 + ["基本满意"] * 5 + ["不满意"] * 2 + ["未评价"] * 1
OUTCOMES = ["予以支持", "解释说明", "解释说明", "不予支持"]
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国红梅志强"
LEADERS = ["王副县长", "李副县长", "陈常委"]
ROWS = 240
#: Row number (as a spreadsheet shows it, header = 1) → (column, bad value): the planted
#: errors a clerk would make, each one the tests expect to be reported with its reason.
BAD = {
    15: ("受理日期", "2025/13/01"),  # no 13th month
    38: ("信访形式", "飞鸽传书"),  # not a channel
    61: ("人数", "三人"),  # not a number
    84: ("答复日期", "2025-01-02"),  # replied before it was accepted
    107: ("身份证号", "990000198001010010"),  # wrong check digit
    130: ("满意度", "很好"),  # not a rating
    153: ("信访编号", "XF2025-0100"),  # the id of row 101
    176: ("登记日期", ""),  # no receipt day
    199: ("受理日期", "990000197506150027"),  # an ID number typed into a date column
}


def id_number(rng: random.Random) -> str:
    """A GB 11643-1999 number under the unassigned region 990000, check digit right."""
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    body = f"990000{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def style(d: dt.date, rng: random.Random) -> str:
    """A date as clerks type it: 2025-08-04, 2025/8/4, 2025.8.4 or 2025年8月4日."""
    return rng.choice(
        [d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.year}.{d.month}.{d.day}",
         f"{d.year}年{d.month}月{d.day}日", d.isoformat(), d.isoformat()]
    )  # fmt: skip


def rows(seed: int = 2025) -> list[list[str]]:
    """The ledger's data rows, bad ones included."""
    rng = random.Random(seed)
    cal = WorkdayCalendar.china()
    first, last = dt.date(2025, 1, 2), dt.date(2025, 11, 28)
    span = range(first.toordinal(), last.toordinal() + 1)
    days = [d for d in map(dt.date.fromordinal, span) if cal.is_workday(d)]
    received = sorted(rng.choice(days) for _ in range(ROWS))
    on = dt.date(2025, 12, 1)
    out = []
    for n, r in enumerate(received, start=1):
        unit = rng.choice(list(UNITS))
        assigned = rng.random() < 0.2
        routed = cal.add_workdays(r, rng.choice([1, 1, 2, 3, 4]))
        # most units accept within 15 days of receiving; a few are late
        accepted = cal.add_workdays(routed, rng.choice([2, 3, 5, 8, 10, 12, 14, 17]))
        notified = cal.add_workdays(accepted, rng.choice([0, 0, 0, 1, 2]))
        replied = accepted + dt.timedelta(days=rng.choice([25, 40, 52, 58, 59, 63, 75]))
        stalled = rng.random() < 0.06  # accepted, then never answered
        row = dict.fromkeys(HEADER, "")
        row.update({
            "信访编号": f"XF2025-{n:04d}",
            "登记日期": style(r, rng),
            "信访形式": rng.choice(CHANNELS),
            "信访人": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2]))),
            "身份证号": id_number(rng) if rng.random() < 0.4 else "",
            "联系电话": f"1380000{rng.randrange(0, 10000):04d}" if rng.random() < 0.8 else "",
            "人数": str(rng.choice([1] * 8 + [2, 3, 6])),
            "反映问题": rng.choice(UNITS[unit]),
            "问题类别": rng.choice(CATEGORIES),
            "责任单位": unit,
            "办理方式": "交办" if assigned else "转送",
            "是否重复信访": "是" if rng.random() < 0.05 else "否",
        })  # fmt: skip
        if routed <= on:
            row["转送/交办日期"] = style(routed, rng)
            if assigned:
                row["办理期限"] = style(routed + dt.timedelta(days=45), rng)
        if accepted <= on:
            row["受理日期"] = style(accepted, rng)
            row["告知日期"] = style(notified, rng) if notified <= on else ""
        if accepted <= on and replied <= on and not stalled:
            row["答复日期"] = style(replied, rng)
            row["办理结果"] = rng.choice(OUTCOMES)
            rating = rng.choice(RATINGS)
            if replied + dt.timedelta(days=10) <= on:
                row["满意度"] = rating
                if rating != "未评价":
                    row["办结日期"] = style(replied + dt.timedelta(days=rng.choice([3, 7])), rng)
        if int(row["人数"]) >= 5:
            row["备注"] = "集体访"
            row["包案领导"] = rng.choice(LEADERS)
        out.append([row[h] for h in HEADER])
    for number, (column, value) in BAD.items():
        out[number - 2][HEADER.index(column)] = value
    return out


def cell(value: str, is_date: bool) -> object:
    """A workbook cell as Excel keeps it.

    An ISO date typed in a date column becomes a date cell, a count a number; other dates
    stay text as typed (2025年8月4日), as do bad cells.
    """
    if is_date:
        try:
            return dt.datetime.combine(dt.date.fromisoformat(value), dt.time())
        except ValueError:
            return value
    return int(value) if value.isdigit() and len(value) < 4 else value


def main() -> None:
    """Write the CSV (UTF-8 with BOM, as Excel saves it) and the workbook."""
    data = rows()
    csv_path = ROOT / "examples" / "ledger-2025.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(data)
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025年信访台账"
    ws.append(HEADER)
    dates = {i for i, h in enumerate(HEADER) if h.endswith(("日期", "期限"))}
    for row in data:
        ws.append([cell(v, i in dates) for i, v in enumerate(row)])
        for i in dates:
            if isinstance(ws.cell(ws.max_row, i + 1).value, dt.datetime):
                ws.cell(ws.max_row, i + 1).number_format = "yyyy/m/d"
    wb.properties.creator = "xinfang_rules"
    wb.properties.created = wb.properties.modified = dt.datetime(2025, 12, 1)
    wb.save(ROOT / "examples" / "ledger-2025.xlsx")
    print(f"{len(data)} rows: {csv_path.name}, ledger-2025.xlsx")


if __name__ == "__main__":
    main()
