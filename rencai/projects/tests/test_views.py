"""Project pages: the list's filters and xlsx, the talent's expertise form, the timeline."""

import io
from datetime import date

import openpyxl
import pytest

from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_county, make_user
from rencai.core.timeline import timeline_for
from rencai.projects.choices import ProposalStatus
from rencai.projects.models import Expertise
from rencai.projects.timeline import proposal_entries
from rencai.talents.tests.factories import make_talent

from .factories import make_outcome, make_project, make_proposal, make_science_officer

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


def test_project_list_filters_by_field_county_and_status(client_as):
    wuxue = make_county("421182", "武穴市")
    make_project(title="焊接改造", field="smart_equipment")
    make_project(title="茶叶加工", field="agriculture", county=wuxue)
    client = client_as(make_science_officer())

    by_field = client.get("/tech-projects/?field=agriculture").content.decode()
    by_county = client.get(f"/tech-projects/?county={wuxue.pk}").content.decode()

    assert "茶叶加工" in by_field
    assert "焊接改造" not in by_field
    assert "茶叶加工" in by_county
    assert "焊接改造" not in by_county
    assert "没有科技项目" in client.get("/tech-projects/?status=closed").content.decode()


def test_proposals_export_to_xlsx_with_names_only_and_is_audited(client_as):
    proposal = make_proposal(status=ProposalStatus.ACCEPTED, reasons=["焊缝跟踪"])

    response = client_as(make_science_officer()).get("/match-proposals/?format=xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][3] == proposal.talent.name
    assert proposal.talent.id_number not in str(rows)
    assert AuditEvent.objects.filter(action="projects.export").count() == 1


def test_talent_saves_their_expertise_on_the_phone(client_as):
    account = make_user(role=Role.TALENT)
    talent = make_talent(user=account)
    client = client_as(account)

    assert client.get("/my/expertise/").status_code == 200
    response = client.post(
        "/my/expertise/",
        {"profile": "福白菊烘干加工", "open_to_projects": "on", "share_profile": "on"},
    )

    assert response.status_code == 303
    expertise = Expertise.objects.get(talent=talent)
    assert expertise.profile == "福白菊烘干加工"
    assert not expertise.share_employer


def test_timeline_shows_the_proposal_its_acceptance_and_outcome_to_the_science_bureau():
    proposal = make_proposal(
        status=ProposalStatus.ACCEPTED, proposed_on=date(2022, 9, 8), accepted_on=date(2022, 9, 9)
    )
    make_outcome(proposal, kind="contract")

    entries = proposal_entries(make_science_officer(), proposal.talent)
    nobody = proposal_entries(make_user(role=Role.DEPARTMENT_OFFICER), proposal.talent)

    assert len(entries) == 3
    assert nobody == []
    # the file asks the provider: the talent's proposals are its records
    file = timeline_for(make_science_officer(), proposal.talent, only={"project"})
    assert set(file) == set(entries)
