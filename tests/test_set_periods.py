"""Periods whose length another body sets (指定期限).

北京 Art. 34 ¶1(三) and Art. 36, 山东 Art. 45 ¶1(二), beside the routing 交办 of every
regime. An ``AssignedTo`` names the period its set date is for (``period=``); the due date
is the assignment's, and the period appears in the petition's deadlines and status, in the
预警清单 and in the periods table, like any other. Worked by hand from the texts.
"""

from __future__ import annotations

import datetime as dt

import pytest

from xinfang_rules import (
    Accepted,
    AssignedTo,
    Category,
    Channel,
    Closed,
    Forwarded,
    Outcome,
    Petition,
    Replied,
    RereviewDecided,
    RereviewRequested,
    ReviewDecided,
    ReviewRequested,
)
from xinfang_rules.cases import CaseError, InvalidTransition
from xinfang_rules.formats.alerts import alerts
from xinfang_rules.formats.case_io import petition_from_dict, petition_to_dict
from xinfang_rules.law.deadlines import compute_deadline, statutory_timeline
from xinfang_rules.law.rules import named_regime

D = dt.date
BEIJING = named_regime("北京")
SHANDONG = named_regime("山东")


def petition(regime: object, **kw: object) -> Petition:
    base: dict[str, object] = {
        "id": "XF-1", "received": D(2025, 3, 3), "channel": Channel.LETTER,
        "category": Category.COMPLAINT, "receiving_unit": "市信访办", "regime": regime,
    }  # fmt: skip
    base.update(kw)
    return Petition(**base)  # type: ignore[arg-type]


def test_the_periods_cite_their_texts() -> None:
    """Each is counted by the assigning body's date, from the 交办, with its article."""
    for regime, pid, place in (
        (BEIJING, "assigned_feedback", "《北京市信访条例》第三十四条第一款第三项"),
        (BEIJING, "ordered_acceptance", "《北京市信访条例》第三十六条"),
        (SHANDONG, "redo_after_rereview", "《山东省信访条例》第四十五条第一款第二项"),
    ):
        p = regime[pid]
        assert (p.unit.value, p.clock.value, str(p.source)) == (
            "set_by_assigner",
            "assigned",
            place,
        )
        d = compute_deadline(p, D(2025, 3, 5), regime=regime, assigned_due=D(2025, 3, 20))
        assert d.due == D(2025, 3, 20)
        assert "交办机关指定的办理期限：2025-03-20" in d.explain().render("zh")


def test_routing_with_a_set_date_for_feedback() -> None:
    """北京 Art. 34 ¶1(三): routed straight to the organ, feedback by 03-20; late on 03-21."""
    p = petition(BEIJING).apply(
        AssignedTo(
            D(2025, 3, 5), to_unit="市住建委", due=D(2025, 3, 20), period="assigned_feedback"
        )
    )
    ids = {d.period_id for d in p.deadlines()}
    assert "assigned_feedback" in ids and "assigned_report" not in ids
    status = p.status(D(2025, 3, 21))
    (late,) = [d for d in status.overdue if d.period_id == "assigned_feedback"]
    assert (late.deadline.due, late.days_late) == (D(2025, 3, 20), 1)
    (alert,) = [a for a in alerts([p], D(2025, 3, 21)) if a.duty.startswith("转送中的重要情况")]
    assert (alert.state, alert.due, alert.days, alert.source) == (
        "超期", D(2025, 3, 20), 1, "《北京市信访条例》第三十四条第一款第三项")  # fmt: skip


def test_an_order_to_accept_after_routing() -> None:
    """北京 Art. 36: forwarded, not accepted; ordered on 04-01 to accept and finish by 04-30."""
    routed = petition(BEIJING).apply(Forwarded(D(2025, 3, 5), to_unit="区人社局"))
    ordered = routed.apply(
        AssignedTo(
            D(2025, 4, 1), to_unit="区人社局", due=D(2025, 4, 30), period="ordered_acceptance"
        )
    )
    assert ordered.state == "routed"  # an order does not route the petition again
    on = D(2025, 5, 6)
    (late,) = [d for d in ordered.status(on).overdue if d.period_id == "ordered_acceptance"]
    assert (late.deadline.start, late.deadline.due, late.days_late) == (
        D(2025, 4, 1), D(2025, 4, 30), 6)  # fmt: skip
    assert any(a.duty.startswith("应当受理而未受理") for a in alerts([ordered], on))
    done = ordered.apply(Accepted(D(2025, 4, 2))).apply(
        Replied(D(2025, 4, 25), outcome=Outcome.SUPPORT)
    )
    (met,) = [d for d in done.deadlines() if d.period_id == "ordered_acceptance"]
    assert (met.done_on, met.state) == (D(2025, 4, 25), "met")


def test_an_order_to_decide_again_after_the_rereview() -> None:
    """山东 Art. 45 ¶1(二): the 复核 revokes on 06-03 and orders a new decision by 07-03."""
    final = petition(SHANDONG).apply(Accepted(D(2025, 3, 5)))
    for e in (
        Replied(D(2025, 4, 1), outcome=Outcome.REJECT, received_on=D(2025, 4, 2)),
        ReviewRequested(D(2025, 4, 10)),
        ReviewDecided(D(2025, 5, 6), outcome=Outcome.REJECT, received_on=D(2025, 5, 7)),
        RereviewRequested(D(2025, 5, 12)),
        RereviewDecided(D(2025, 6, 3), outcome=Outcome.SUPPORT, received_on=D(2025, 6, 4)),
        AssignedTo(
            D(2025, 6, 3), to_unit="县人社局", due=D(2025, 7, 3), period="redo_after_rereview"
        ),
    ):
        final = final.apply(e)
    assert final.state == "final"
    soon = final.status(D(2025, 7, 1))
    assert [d.period_id for d in soon.due_soon] == ["redo_after_rereview"]
    (late,) = final.status(D(2025, 7, 8)).overdue
    assert (late.period_id, late.days_late) == ("redo_after_rereview", 5)
    closed = final.apply(Closed(D(2025, 7, 2)))
    (met,) = [d for d in closed.deadlines() if d.period_id == "redo_after_rereview"]
    assert met.state == "met"


def test_the_timeline_lists_them() -> None:
    """北京's timeline names both set-date periods, not started without an assignment."""
    rows = {p.id: d for p, d in statutory_timeline(D(2025, 3, 3), regime=BEIJING)}
    assert rows["assigned_feedback"] is None and rows["ordered_acceptance"] is None


@pytest.mark.parametrize(
    ("events", "words"),
    [
        ([Forwarded(D(2025, 3, 5), to_unit="x"),
          AssignedTo(D(2025, 4, 1), to_unit="x", due=D(2025, 4, 30))],
         "转送、交办之后的交办须写明所依据的期限（period=…）；beijing-2006 中可用："
         "assigned_report、assigned_feedback、ordered_acceptance"),
        ([AssignedTo(D(2025, 3, 5), to_unit="x", due=D(2025, 3, 20), period="handle")],
         "events[0].period：'handle' 不是 beijing-2006 中由交办机关指定期限的期限"),
        ([AssignedTo(D(2025, 3, 5), to_unit="x", due=D(2025, 3, 20), period="nope")],
         "events[0].period：'nope' 不是 beijing-2006 中由交办机关指定期限的期限"),
    ],
)  # fmt: skip
def test_an_order_must_name_a_set_date_period(events: list[object], words: str) -> None:
    """An order after routing names its period; a period must be one set by another body."""
    with pytest.raises((InvalidTransition, CaseError)) as caught:
        petition(BEIJING, events=tuple(events))
    assert words in caught.value.text("zh")


def test_records_keep_the_period() -> None:
    """JSON records and the flat CSV keep ``period`` (schema-valid)."""
    import io

    from xinfang_rules.formats.case_csv import iter_petitions_csv, write_petitions_csv

    p = petition(BEIJING).apply(
        AssignedTo(
            D(2025, 3, 5), to_unit="市住建委", due=D(2025, 3, 20), period="assigned_feedback"
        )
    )
    record = petition_to_dict(p)
    assert record["events"][0]["period"] == "assigned_feedback"
    assert petition_from_dict(record) == p
    out = io.StringIO()
    write_petitions_csv([p], out)
    path_text = out.getvalue()
    assert "assigned_feedback" in path_text
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.csv"
        path.write_text(path_text, "utf-8")
        (again,) = list(iter_petitions_csv(path))
    assert again == p


def test_the_periods_table_carries_them() -> None:
    """The warehouse's periods table: one row, counted 'assigned', due the set date."""
    from xinfang_rules.formats.tables import period_rows

    p = petition(BEIJING).apply(
        AssignedTo(
            D(2025, 3, 5), to_unit="市住建委", due=D(2025, 3, 20), period="assigned_feedback"
        )
    )
    (row,) = [r for r in period_rows([p]) if r["period_id"] == "assigned_feedback"]
    assert (row["start_date"], row["counted_in"], row["assigned_due"]) == (
        D(2025, 3, 5), "assigned", D(2025, 3, 20))  # fmt: skip


def test_the_events_table_carries_the_period() -> None:
    """The warehouse's events table keeps which period an order's date is for."""
    from xinfang_rules.formats.tables import event_rows

    p = petition(BEIJING).apply(
        AssignedTo(
            D(2025, 3, 5), to_unit="市住建委", due=D(2025, 3, 20), period="assigned_feedback"
        )
    )
    (row,) = list(event_rows([p]))
    assert (row["type"], row["due"], row["period"]) == (
        "assigned",
        D(2025, 3, 20),
        "assigned_feedback",
    )
