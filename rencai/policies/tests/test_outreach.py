"""Outreach (政策找人): who is found, told once per version, recorded for 免申即享, and when.

Runs are executed in-process (`run_outreach`), or through their triggers with the on-commit
callbacks executed (the test settings run tasks immediately).
"""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from rencai.core.choices import Role
from rencai.core.errors import PermissionDenied
from rencai.core.models import AuditEvent, Message, Notification
from rencai.core.sms import MemorySmsBackend
from rencai.core.tests.factories import make_county, make_user
from rencai.policies import services
from rencai.policies.choices import EntitlementSource, EntitlementState, OutreachTrigger
from rencai.policies.models import Entitlement, OutreachNotice, OutreachRun
from rencai.policies.services.outreach import queue_run, run_outreach
from rencai.talents.services.cards import issue_green_card
from rencai.talents.services.registry import add_family_member, update_talent
from rencai.talents.tests.factories import make_degree, make_talent

from .factories import DEGREE_TABLE, make_benefit, make_department

pytestmark = [pytest.mark.django_db, pytest.mark.portable]

TODAY = timezone.localdate()


def born(age: int) -> date:
    return TODAY.replace(year=TODAY.year - age) - timedelta(days=10)


def master(**fields):
    return make_talent(degree=make_degree("master"), birth_date=born(30), **fields)


def run_now(benefit=None, *, talent=None) -> OutreachRun:
    """Queue a run as the schedule would and execute it here (its task is not awaited)."""
    run = queue_run(actor=None, trigger=OutreachTrigger.MANUAL, benefit=benefit, talent_id=talent)
    return run_outreach(run.pk)


def notifications_of(talent):
    return Notification.objects.filter(subject_type="talents.talent", subject_id=str(talent.pk))


# --- who is found ------------------------------------------------------------------------


def test_outreach_finds_qualifying_talents_and_tells_each_once():
    benefit = make_benefit()  # master or higher, age ≤ 40
    qualifies = master()
    too_old = make_talent(degree=make_degree("master"), birth_date=born(45))
    no_degree = make_talent(birth_date=born(30))

    run = run_now(benefit)

    assert run.status == "done"
    assert (run.found, run.notified, run.recorded) == (1, 1, 0)
    assert set(OutreachNotice.objects.values_list("talent_id", flat=True)) == {qualifies.pk}
    note = notifications_of(qualifies).get()
    assert benefit.name in note.body
    assert note.link == "/pack/"
    assert not notifications_of(too_old).exists()
    assert not notifications_of(no_degree).exists()
    assert run.versions["versions"][0] == {
        **run.versions["versions"][0],
        "benefit": benefit.code,
        "version": 1,
        "found": 1,
    }


def test_running_outreach_again_records_and_notifies_nothing_new():
    benefit = make_benefit(no_application=True, amount=DEGREE_TABLE)
    talent = master()
    first = run_now(benefit)
    counts = (
        OutreachNotice.objects.count(),
        Entitlement.objects.count(),
        Notification.objects.count(),
    )

    second = run_now(benefit)
    everything = run_now()

    assert (first.notified, first.recorded) == (1, 1)
    assert (second.found, second.notified, second.recorded) == (0, 0, 0)
    assert (everything.notified, everything.recorded) == (0, 0)
    assert counts == (1, 1, 1)
    assert (
        OutreachNotice.objects.count(),
        Entitlement.objects.count(),
        Notification.objects.count(),
    ) == counts
    assert notifications_of(talent).count() == 1


def test_a_talent_found_again_is_not_told_twice_about_the_same_version():
    benefit = make_benefit()
    talent = master()
    run_now(benefit)

    again = run_now(benefit)

    assert (again.found, again.notified) == (1, 0)
    assert notifications_of(talent).count() == 1


def test_a_new_version_tells_the_talent_again():
    benefit = make_benefit()
    talent = master()
    run_now(benefit)
    services.update_draft(benefit, actor=None, fields={"note": "v2"})
    services.publish_draft(benefit, actor=None, effective_from=TODAY)

    run = run_now(benefit)

    assert run.notified == 1
    assert run.versions["versions"][0]["version"] == 2
    assert OutreachNotice.objects.filter(talent=talent).count() == 2
    assert notifications_of(talent).count() == 2


def test_no_application_benefit_records_a_pending_entitlement_with_its_amount():
    benefit = make_benefit(no_application=True, amount=DEGREE_TABLE, exclusivity_group="housing")
    talent = master()

    run = run_now(benefit)

    entitlement = Entitlement.objects.get(talent=talent)
    assert entitlement.state == EntitlementState.PENDING
    assert entitlement.source == EntitlementSource.OUTREACH
    assert entitlement.version.number == 1
    assert entitlement.exclusivity_group == "housing"
    assert entitlement.amount_fen == 3_000_000
    assert run.recorded == 1
    assert "免申即享" in notifications_of(talent).get().body


def test_talents_holding_the_benefit_or_one_of_its_group_are_skipped():
    benefit = make_benefit(exclusivity_group="housing")
    other = make_benefit(exclusivity_group="housing")
    holds_it, holds_other, rejected, free = master(), master(), master(), master()
    services.record_entitlement(holds_it, benefit, actor=None, state="granted")
    services.record_entitlement(holds_other, other, actor=None, state="paid")
    dead = services.record_entitlement(rejected, benefit, actor=None)
    services.transition_entitlement(dead, actor=None, to_state="rejected")

    run = run_now(benefit)

    told = set(OutreachNotice.objects.values_list("talent_id", flat=True))
    assert told == {rejected.pk, free.pk}
    assert run.found == 2


def test_a_run_for_one_talent_looks_at_that_talent_only():
    benefit = make_benefit()
    one, another = master(), master()

    run = run_now(talent=one.pk)

    assert run.found == 1
    assert run.versions["versions"][0]["benefit"] == benefit.code
    assert set(OutreachNotice.objects.values_list("talent_id", flat=True)) == {one.pk}
    assert not notifications_of(another).exists()


def test_a_run_is_claimed_once():
    benefit = make_benefit()
    master()
    run = run_now(benefit)

    again = run_outreach(run.pk)

    assert again.status == "done"
    assert OutreachNotice.objects.filter(run=run).count() == 1


# --- channels ----------------------------------------------------------------------------


def test_sms_goes_out_after_commit_for_each_talent_told(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = ["sms"]
    MemorySmsBackend.outbox.clear()
    benefit = make_benefit()
    talent = master(mobile="13912345678")

    with django_capture_on_commit_callbacks(execute=True):
        services.start_outreach(actor=None, benefit=benefit)

    assert OutreachRun.objects.get(trigger="manual").status == "done"
    assert [mobile for mobile, _text in MemorySmsBackend.outbox] == ["13912345678"]
    assert benefit.name in MemorySmsBackend.outbox[0][1]
    assert notifications_of(talent).get().channels == ["in_app", "sms"]


def test_without_extra_channels_only_in_app_notifications_are_made(
    settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_CHANNELS = []
    MemorySmsBackend.outbox.clear()
    benefit = make_benefit()
    talent = master()

    with django_capture_on_commit_callbacks(execute=True):
        services.start_outreach(actor=None, benefit=benefit)

    assert MemorySmsBackend.outbox == []
    assert notifications_of(talent).get().channels == ["in_app"]


# --- triggers ----------------------------------------------------------------------------


def test_a_new_card_triggers_outreach_for_that_talent(django_capture_on_commit_callbacks):
    county = make_county()
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    benefit = make_benefit(rule={"has": [{"var": "cards"}, "green_card"]})
    talent = make_talent(county=county)
    assert not OutreachNotice.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        issue_green_card(talent, actor=officer, valid_from=TODAY, valid_to=TODAY + timedelta(365))

    run = OutreachRun.objects.get(trigger=OutreachTrigger.TALENT_CHANGE)
    assert (run.talent_id, run.status, run.found) == (talent.pk, "done", 1)
    assert OutreachNotice.objects.get().subject_id == benefit.pk


def test_a_new_degree_or_family_member_triggers_outreach(django_capture_on_commit_callbacks):
    county = make_county()
    officer = make_user(role=Role.COUNTY_OFFICER, division=county)
    benefit = make_benefit()
    child_benefit = make_benefit(rule={"has": [{"var": "family"}, "child"]})
    talent = make_talent(county=county, birth_date=born(30), degree=make_degree("bachelor"))

    with django_capture_on_commit_callbacks(execute=True):
        update_talent(talent, actor=officer, fields={"degree": make_degree("master")})
    with django_capture_on_commit_callbacks(execute=True):
        add_family_member(
            talent, actor=officer, relation="child", name="小明", birth_date=date(2020, 1, 1)
        )

    told = set(OutreachNotice.objects.values_list("subject_id", flat=True))
    assert told == {benefit.pk, child_benefit.pk}
    assert OutreachRun.objects.filter(trigger=OutreachTrigger.TALENT_CHANGE).count() == 2


def test_publishing_a_version_in_force_today_queues_outreach(django_capture_on_commit_callbacks):
    benefit = make_benefit(published=False)
    talent = master()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_draft(benefit, actor=None, effective_from=TODAY)

    run = OutreachRun.objects.get(trigger=OutreachTrigger.PUBLISH)
    assert (run.benefit, run.status, run.notified) == (benefit, "done", 1)
    assert OutreachNotice.objects.get().talent == talent


def test_publishing_a_version_taking_effect_later_waits_for_the_schedule(
    django_capture_on_commit_callbacks,
):
    benefit = make_benefit(published=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_draft(benefit, actor=None, effective_from=TODAY + timedelta(days=7))

    assert not OutreachRun.objects.filter(trigger=OutreachTrigger.PUBLISH).exists()


def test_the_schedule_runs_once_a_day():
    make_benefit()
    master()

    call_command("run_outreach", verbosity=0)
    call_command("run_outreach", verbosity=0)

    run = OutreachRun.objects.get(trigger=OutreachTrigger.SCHEDULE)
    assert (run.status, run.notified) == ("done", 1)
    call_command("run_outreach", "--force", verbosity=0)
    assert OutreachRun.objects.filter(trigger=OutreachTrigger.SCHEDULE).count() == 2


# --- who may run it ----------------------------------------------------------------------


def test_a_department_officer_runs_outreach_only_for_their_own_benefits():
    housing = make_department("housing")
    health = make_department("health")
    theirs = make_benefit(owning_department=housing)
    other = make_benefit(owning_department=health)
    officer = make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing)

    run = services.start_outreach(actor=officer, benefit=theirs)

    assert run.started_by == officer
    with pytest.raises(PermissionDenied):
        services.start_outreach(actor=officer, benefit=other)
    with pytest.raises(PermissionDenied):
        services.start_outreach(actor=officer, benefit=None)


def test_outreach_runs_api_starts_a_run_and_lists_it(django_capture_on_commit_callbacks):
    benefit = make_benefit()
    master()
    client = APIClient()
    client.force_authenticate(make_user(role=Role.TASK_FORCE))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/outreach-runs/", {"benefit": benefit.pk}, format="json")

    assert response.status_code == 202
    detail = client.get(f"/api/v1/outreach-runs/{response.json()['id']}/").json()
    assert (detail["status"], detail["found"], detail["notified"]) == ("done", 1, 1)
    assert detail["versions"][0]["benefit"] == benefit.code
    listed = client.get("/api/v1/outreach-runs/?trigger=manual").json()
    assert [r["id"] for r in listed["results"]] == [detail["id"]]


def test_a_county_officer_runs_outreach_over_their_county_only():
    # given qualifying talents in two counties
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    benefit = make_benefit()
    here, there = master(county=tuanfeng), master(county=wuxue)
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng)

    # when the 团风县 officer runs outreach for their county
    run = run_outreach(services.start_outreach(actor=officer, benefit=None, county=tuanfeng).pk)

    # then only their county's talent is found and told, and the start is audited
    assert (run.county, run.found, run.notified) == (tuanfeng, 1, 1)
    assert set(OutreachNotice.objects.values_list("talent_id", flat=True)) == {here.pk}
    assert not notifications_of(there).exists()
    assert AuditEvent.objects.filter(action="outreach.start", actor=officer).exists()
    with pytest.raises(PermissionDenied):
        services.start_outreach(actor=officer, benefit=benefit, county=wuxue)
    with pytest.raises(PermissionDenied):
        services.start_outreach(actor=officer, benefit=benefit)


def test_outreach_runs_api_gives_a_county_officer_their_countys_runs(
    django_capture_on_commit_callbacks,
):
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    benefit = make_benefit()
    master(county=tuanfeng)
    master(county=wuxue)
    other = services.start_outreach(actor=None, benefit=benefit, county=wuxue)
    client = APIClient()
    client.force_authenticate(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/outreach-runs/", {}, format="json")

    assert response.status_code == 202
    detail = client.get(f"/api/v1/outreach-runs/{response.json()['id']}/").json()
    assert (detail["status"], detail["found"]) == ("done", 1)
    listed = client.get("/api/v1/outreach-runs/").json()
    assert [r["id"] for r in listed["results"]] == [detail["id"]]
    assert client.get(f"/api/v1/outreach-runs/{other.pk}/").status_code == 404


def test_outreach_runs_api_is_closed_to_window_clerks():
    client = APIClient()
    client.force_authenticate(make_user(role=Role.WINDOW_CLERK))

    assert client.get("/api/v1/outreach-runs/").status_code == 403
    assert client.post("/api/v1/outreach-runs/", {}, format="json").status_code == 403


def test_outreach_pages_list_runs_and_start_one(client, django_capture_on_commit_callbacks):
    benefit = make_benefit()
    master()
    client.force_login(make_user(role=Role.TASK_FORCE))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/outreach/start/", {"benefit": benefit.pk})

    run = OutreachRun.objects.get(trigger="manual")
    assert response.status_code == 302
    assert response["Location"] == f"/outreach/{run.pk}/"
    page = client.get(f"/outreach/{run.pk}/").content.decode()
    assert benefit.name in page
    assert benefit.code not in page
    assert benefit.name in client.get("/outreach/").content.decode()


def test_outreach_pages_let_a_county_officer_run_their_county(
    client, django_capture_on_commit_callbacks
):
    tuanfeng = make_county("421121", "团风县")
    master(county=tuanfeng)
    master(county=make_county("421182", "武穴市"))
    make_benefit()
    client.force_login(make_user(role=Role.COUNTY_OFFICER, division=tuanfeng))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/outreach/start/", {"benefit": "", "county": tuanfeng.pk})

    run = OutreachRun.objects.get(trigger="manual")
    assert response["Location"] == f"/outreach/{run.pk}/"
    assert (run.county, run.found) == (tuanfeng, 1)
    assert "团风县" in client.get("/outreach/").content.decode()


def test_outreach_pages_are_closed_to_window_clerks(client):
    client.force_login(make_user(role=Role.WINDOW_CLERK))

    assert client.get("/outreach/").status_code == 403
    assert client.post("/outreach/start/", {}).status_code == 403


def test_a_no_application_benefit_without_an_amount_records_no_amount():
    benefit = make_benefit(no_application=True, amount={"kind": "none"})
    talent = master()

    run = run_now(benefit)

    assert run.recorded == 1
    assert Entitlement.objects.get(talent=talent).amount_fen is None


def test_a_run_reads_the_catalogues_afresh_as_another_process_would():
    # given a rule naming a tag, and a process whose cached tags predate that tag
    from rencai.policies import facts
    from rencai.talents.models import Tag

    rural = Tag.objects.create(code="rural", name="乡村振兴人才")
    benefit = make_benefit(rule={"has": [{"var": "tags"}, "rural"]})
    talent = make_talent()
    talent.tags.add(rural)
    facts.code_labels("tags")
    facts._codes["tags"] = {}  # what a worker started before the tag was added still holds
    # when that process runs outreach
    run = run_now(benefit)
    # then it sees the tag, and finds the talent
    assert run.status == "done"
    assert run.found == 1


def test_a_department_officer_sees_the_figures_of_their_own_benefits_runs_only(client):
    housing, health = make_department("housing"), make_department("health")
    theirs = services.start_outreach(actor=None, benefit=make_benefit(owning_department=housing))
    other = services.start_outreach(actor=None, benefit=make_benefit(owning_department=health))
    everything = services.start_outreach(actor=None, benefit=None)
    api = APIClient()
    api.force_authenticate(make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing))
    client.force_login(make_user(role=Role.DEPARTMENT_OFFICER, organisation=housing))

    listed = api.get("/api/v1/outreach-runs/").json()["results"]

    assert theirs.pk in [run["id"] for run in listed]
    assert {run["benefit"]["id"] for run in listed} == {theirs.benefit_id}
    assert api.get(f"/api/v1/outreach-runs/{other.pk}/").status_code == 404
    assert client.get(f"/outreach/{everything.pk}/").status_code == 404
    assert client.get(f"/outreach/{theirs.pk}/").status_code == 200


def test_each_in_app_notice_has_its_outbox_row_under_an_id_and_is_told_once():
    benefit = make_benefit()
    talents = [master(), master()]

    run = run_now(benefit)
    run_now(benefit)
    run_now()

    in_app = Message.objects.filter(channel="in_app")
    assert sorted(in_app.values_list("recipient", flat=True)) == sorted(
        f"talents.talent:{t.pk}" for t in talents
    )
    assert {(m.kind, m.subject_type, m.subject_id, m.slot, m.state) for m in in_app} == {
        (
            "policies.outreach.apply",
            "policies.outreachrun",
            str(run.pk),
            run.evaluated_on.isoformat(),
            "sent",
        )
    }
    for talent in talents:
        [notification] = notifications_of(talent)
        message = in_app.get(recipient=f"talents.talent:{talent.pk}")
        assert (message.title, message.body, message.link) == (
            notification.title,
            notification.body,
            notification.link,
        )
