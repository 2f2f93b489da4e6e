"""More than one machine, on one: two app servers (gunicorn, deploy/gunicorn.conf.py), two
task workers and two schedulers against one PostgreSQL share the work — outreach, campaign
reminders, the weekly bulletin — and none is done twice or lost; a session made on one app
server works on the other (docs/deployment.md).

The processes run the development settings (DEBUG off) on the test database; this process
only prepares the data and checks the outcome. PostgreSQL only: SQLite is one machine's file.
"""

from __future__ import annotations

import collections
import time
from datetime import date, timedelta

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from rencai.campaigns.models import Bulletin, Reminder
from rencai.campaigns.tests.factories import make_action, make_campaign, make_indicator, make_unit
from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.models import Notification, ScheduledRun
from rencai.core.tests.factories import make_county, make_user
from rencai.policies.choices import OutreachTrigger
from rencai.policies.models import OutreachNotice, OutreachRun
from rencai.policies.services.outreach import run_outreach_task
from rencai.policies.tests.factories import make_benefit
from rencai.talents.tests.factories import make_degree, make_talent

from . import processes as p

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="one database, many machines"),
]
DB_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rencai_cache",
    }
}
QUEUED_RUNS = 4  # outreach runs of one benefit queued directly, beside the two started by HTTP
PASSWORD = "many-machines-2022"


@pytest.fixture
def city():
    """A benefit in force (its publication's outreach found nobody yet), five talents it fits,
    a campaign from 1 to 30 September 2022 with one county behind pace and its officer."""
    benefit = make_benefit()
    master = make_degree("master")
    born = clock.today() - timedelta(days=365 * 30)
    talents = [make_talent(degree=master, birth_date=born) for _ in range(5)]
    tuanfeng, wuxue = make_county("421121", "团风县"), make_county("421182", "武穴市")
    campaign = make_campaign(date(2022, 9, 1), date(2022, 9, 30))
    action = make_action(campaign, name="政策宣传")
    make_indicator(make_unit(action, division=tuanfeng), target=300, name="宣讲人次")
    make_indicator(make_unit(action, division=wuxue), target=0, name="宣讲人次")
    officer = make_user(role=Role.COUNTY_OFFICER, division=tuanfeng, mobile="13900000001")
    admin = make_user("many-admin", role=Role.CITY_ADMIN)
    # Hashed as the app servers' settings hash (the test settings' MD5 is for speed only).
    admin.password = PBKDF2PasswordHasher().encode(PASSWORD, "manymachines", iterations=1000)
    admin.save(update_fields=["password"])
    with override_settings(CACHES=DB_CACHE):
        call_command("createcachetable", verbosity=0)  # the shared cache, as migrate makes it
    return {"benefit": benefit, "talents": talents, "officer": officer, "admin": admin}


def wait_for_tasks(seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            return
        time.sleep(0.2)
    raise AssertionError("the workers left tasks undone")


def test_two_app_servers_two_workers_and_two_schedulers_share_the_work_once(city, tmp_path):
    env = p.environment(tmp_path)
    ports = [p.free_port(), p.free_port()]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    started = []
    try:
        # given two app servers and two task workers on one database
        for i, port in enumerate(ports):
            started.append(p.app_server(port, env, tmp_path / f"app{i}.log"))
        for i in range(2):
            worker = p.manage("db_worker", "--interval", "0.2", "--no-startup-delay")
            started.append(p.start(worker, env, tmp_path / f"worker{i}.log"))
        # and two schedulers at each of two moments (Friday evening, Saturday morning), at once
        jobs = ["--job", "policies.outreach", "--job", "campaigns.reminders"]
        jobs += ["--job", "campaigns.supervision"]
        schedulers = [
            p.start(
                p.manage("run_schedule", "--now", moment, *jobs),
                env,
                tmp_path / f"schedule-{moment}-{i}.log",
            )
            for moment in ("2022-09-09T19:00", "2022-09-10T09:00")
            for i in range(2)
        ]
        started += schedulers
        for i, base in enumerate(bases):
            p.wait_until_up(base, started[i], tmp_path / f"app{i}.log")

        # when the city administrator logs in on the first and is known on the second
        browser = p.Browser()
        assert browser.request(f"{bases[1]}/")[0] == 302  # nobody yet
        browser.request(f"{bases[0]}/accounts/login/")
        status, _, page = browser.post(
            f"{bases[0]}/accounts/login/", {"username": "many-admin", "password": PASSWORD}
        )
        assert status == 302, page
        status, _, home = browser.request(f"{bases[1]}/")
        assert status == 200
        assert "many-admin" in home or "退出" in home

        # and starts the same benefit's outreach on both, while four more runs are queued
        benefit = str(city["benefit"].pk)
        for base in bases:
            browser.request(f"{base}/outreach/")  # the page, as a person would
            status, _, _ = browser.post(f"{base}/outreach/start/", {"benefit": benefit})
            assert status == 302
        backend = DatabaseBackend("default", {"QUEUES": ["default"]})
        for _ in range(QUEUED_RUNS):
            run = OutreachRun.objects.create(
                trigger=OutreachTrigger.MANUAL,
                benefit=city["benefit"],
                evaluated_on=clock.today(),
            )
            backend.enqueue(run_outreach_task, [run.pk], {})
        for process in schedulers:
            assert process.wait(timeout=60) == 0, process.args
        wait_for_tasks()
    finally:
        p.stop(started)

    # then every queued task ran once, on one of the two workers
    tasks = list(DBTaskResult.objects.all())
    assert {t.status for t in tasks} == {"SUCCESSFUL"}, [t.exception_class_path for t in tasks]
    assert all(len(t.worker_ids) == 1 for t in tasks)
    outreach_runs = [t for t in tasks if t.task_path.endswith("run_outreach_task")]
    assert len(outreach_runs) == QUEUED_RUNS + 2
    # each talent was told once, in the app and by one SMS, whichever run found them
    talents = city["talents"]
    assert OutreachNotice.objects.count() == len(talents)
    for talent in talents:
        assert OutreachNotice.objects.filter(talent=talent).count() == 1
        told = Notification.objects.filter(subject_type="talents.talent", subject_id=talent.pk)
        assert told.count() == 1
    sms = (tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()
    per_mobile = collections.Counter(line.split("\t")[1] for line in sms)
    assert {t.mobile: per_mobile[t.mobile] for t in talents} == {t.mobile: 1 for t in talents}
    # the week's bulletin was issued once, the Saturday reminder sent once
    assert list(Bulletin.objects.values_list("number", "period_end")) == [(1, date(2022, 9, 9))]
    assert Reminder.objects.filter(recipient=city["officer"]).count() == 1
    # the officer is told twice, each once: of the reminder and of the bulletin issued
    told = list(Notification.objects.filter(recipient=city["officer"]).values_list("title"))
    assert len(told) == len(set(told)) == 2
    assert per_mobile["13900000001"] <= 1
    # one scheduled run per (job, day), each done
    runs = collections.Counter(ScheduledRun.objects.values_list("job", "slot"))
    assert set(runs.values()) == {1}
    assert set(ScheduledRun.objects.values_list("status", flat=True)) == {"done"}
