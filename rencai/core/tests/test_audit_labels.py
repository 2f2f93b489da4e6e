"""The audit log and the home pages say what happened in words: every action any app records
has a label, field names are the models' verbose names, values read as a person would write
them; the codes stay in the administrators' advanced view."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from rencai.core import audit, audit_display
from rencai.core.choices import Role

from .factories import make_user

pytestmark = [pytest.mark.portable, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]

# Actions built at run time (f-strings): every value they can take.
DYNAMIC_ACTIONS = [
    *(f"application.{a}" for a in ["accept", "approve", "close", "disburse", "open", "reject"]),
    *(f"application.{a}" for a in ["resubmit", "return", "submit", "withdraw", "approve_step"]),
    *(f"appointment.{a}" for a in ["check_in", "accompany", "complete", "no_show"]),
    *(f"enrolment.{a}" for a in ["assign", "enrol", "not_place", "request", "review"]),
    *(f"loan.{a}" for a in ["approve", "approve_guarantee", "check_documents", "disburse"]),
    *(f"loan.{a}" for a in ["extend", "record_default", "record_overdue", "reject", "repay"]),
    *(f"loan.{a}" for a in ["sign_contract", "withdraw"]),
    *(f"housing.export_{kind}" for kind in ["units", "applications", "tenancies"]),
    "talent.export",
    "talent.export_full",
    "talent.window_find",
    "talent.find_to_serve",
    "role_assignment.create",
    "role_assignment.update",
]


def recorded_actions() -> set[str]:
    """Every action code written as a literal in an `audit.record(actor, "…")` call."""
    actions = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ):
                actions.add(node.args[1].value)
    return actions


def test_every_action_the_apps_record_has_a_label_in_words():
    audit.discover_labels()
    actions = recorded_actions() | set(DYNAMIC_ACTIONS)
    assert len(actions) > 80
    missing = sorted(a for a in actions if a not in audit.ACTION_LABELS)
    assert missing == []


def test_an_unnamed_action_reads_as_a_verb_and_the_objects_kind_never_its_code():
    with translation.override("zh-hans"):
        assert audit_display.action_label("hospital.update", "medical.hospital") == "修改定点医院"
        assert audit_display.action_label("widget.frobnicate") == "其他操作"


def test_the_audit_log_shows_actions_objects_and_fields_in_chinese(client):
    clerk = make_user(role=Role.WINDOW_CLERK, display_name="方雨晴")
    audit.record(
        clerk,
        "talent.window_find",
        target_type="talents.talent",
        target_repr="陈超",
        changes={"id_number": [None, "4211**********2028"], "found": [None, 1]},
    )
    client.force_login(make_user(role=Role.TASK_FORCE))

    page = client.get(reverse("core:audit-log")).content.decode()
    html = page[page.index('id="audit-events"') :]  # the table (the filter's options hold codes)

    assert "窗口查找人才" in html
    assert "人才</span> 陈超" in html
    assert "证件号码" in html
    for code in ("talent.window_find", "talents.talent", "id_number", ">found<"):
        assert code not in html


def test_the_city_administrator_sees_the_codes_beside_the_words(client):
    audit.record(None, "outreach.run", target_type="policies.outreachrun", target_repr="#9")
    client.force_login(make_user(role=Role.CITY_ADMIN))

    html = client.get(reverse("core:audit-log")).content.decode()

    assert "政策找人" in html
    assert "<code>outreach.run</code>" in html


def test_values_read_in_words_choices_dates_money_and_booleans():
    with translation.override("zh-hans"):
        rows = audit_display.change_rows(
            {
                "state": ["submitted", "accepted"],
                "submitted_at": [None, "2026-10-27T03:45:00+00:00"],
                "amount_fen": 3000000,
                "seen_original": True,
                "role": [None, "window_clerk"],
            },
            "desk.application",
        )
    shown = {row.code: row for row in rows}
    assert (shown["state"].old, shown["state"].new) == ("已提交", "已受理")
    assert shown["submitted_at"].new == "2026年10月27日 11:45"  # Asia/Shanghai
    assert shown["amount_fen"].value == "¥30,000.00"
    assert shown["seen_original"].value == "是"
    assert shown["role"].new == "窗口人员"


def test_an_outreach_runs_versions_read_as_benefit_names_with_their_dates():
    from datetime import date

    from rencai.policies.tests.factories import make_benefit

    make_benefit(
        code="senior_title_award", name="高级职称晋升奖励", effective_from=date(2022, 8, 23)
    )
    with translation.override("zh-hans"):
        (row,) = audit_display.change_rows({"versions": {"senior_title_award": 1}})
    assert row.field == "检查的政策待遇"
    assert row.value == "高级职称晋升奖励（2022年8月23日起施行）"


def test_old_events_times_read_in_local_time_whatever_way_they_were_kept():
    with translation.override("zh-hans"):
        rows = audit_display.change_rows(
            {
                "submitted_at": "2022-09-06 06:05:00+00:00",  # str(datetime), as older events
                "decided_at": "2022-09-06T06:05:00.123456Z",
                "window": {"opened_at": "2022-09-06T06:05:00+00:00", "day": "2022-09-06"},
            },
            "desk.application",
        )
    shown = {row.code: row.value for row in rows}
    assert shown["submitted_at"] == "2022年9月6日 14:05"
    assert shown["decided_at"] == "2022年9月6日 14:05"
    assert "2022年9月6日 14:05" in shown["window"]
    assert "2022-09-06" not in shown["window"]
