"""Finance pages: the bank officer's home queue, a loan and its steps, the application
form, another bank's loan (404), the lists' xlsx, the quarter's subsidy claim."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rencai.core import clock
from rencai.core.choices import Role
from rencai.core.models import AuditEvent
from rencai.core.tests.factories import make_user
from rencai.desk.tests.factories import make_clerk, serve
from rencai.finance.models import Loan

from .factories import Finance

pytestmark = [pytest.mark.django_db, pytest.mark.portable]


@pytest.fixture
def fin():
    return Finance()


def test_the_bank_officers_home_is_their_queue_with_the_step_and_time_left(client, fin):
    loan = fin.apply(fin.talent())
    client.force_login(fin.officer)

    page = client.get("/").content.decode()

    assert 'id="home-bank-queue"' in page
    assert reverse("finance:loan-detail", args=[loan.pk]) in page


def test_a_clerk_files_an_application_for_the_talent_they_serve(client, fin):
    clerk = make_clerk()
    talent = fin.talent()
    serve(clerk, talent)
    client.force_login(clerk)

    response = client.post(
        reverse("finance:loan-apply"),
        {
            "talent": talent.pk,
            "product": fin.individual.pk,
            "bank": fin.bank.pk,
            "amount": "100000",
            "term_months": 24,
        },
    )

    loan = Loan.objects.get()
    assert response.status_code == 303
    assert loan.channel == "window"
    assert loan.created_by == clerk


def test_a_refused_application_shows_the_reason(client, fin):
    clerk = make_clerk()
    talent = fin.talent()
    serve(clerk, talent)
    client.force_login(clerk)

    response = client.post(
        reverse("finance:loan-apply"),
        {
            "talent": talent.pk,
            "product": fin.individual.pk,
            "bank": fin.bank.pk,
            "amount": "300000",
            "term_months": 24,
        },
        follow=True,
    )

    assert "200,000.00" in response.content.decode()
    assert not Loan.objects.exists()


def test_the_bank_officer_works_a_loan_from_its_page(client, fin):
    loan = fin.apply(fin.talent())
    client.force_login(fin.officer)

    client.post(reverse("finance:loan-action", args=[loan.pk, "check_documents"]))

    loan.refresh_from_db()
    assert loan.state == "documents"
    assert (
        'id="loan-schedule"'
        not in client.get(reverse("finance:loan-detail", args=[loan.pk])).content.decode()
    )


def test_another_banks_loan_page_is_not_found(client, fin):
    loan = fin.apply(fin.talent())
    client.force_login(Finance().officer)

    assert client.get(reverse("finance:loan-detail", args=[loan.pk])).status_code == 404
    assert client.post(reverse("finance:loan-reveal", args=[loan.pk])).status_code == 404


def test_the_loan_list_exports_to_xlsx_audited(client, fin):
    fin.apply(fin.talent(), amount_fen=12_345_600)
    client.force_login(fin.officer)

    response = client.get(reverse("finance:loan-list") + "?format=xlsx")

    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert 123456 in rows[1]
    assert AuditEvent.objects.filter(action="loan.export").exists()


def test_the_quarters_claim_lists_the_governments_part_of_settled_periods(client, fin):
    loan = fin.run(fin.apply(fin.talent()), on=date(2022, 9, 5))
    client.force_login(fin.officer)
    query = f"?bank={fin.bank.pk}&year=2022&quarter=4"

    with clock.at(date(2023, 1, 5)):
        page = client.get(reverse("finance:claims") + query).content.decode()
        response = client.get(reverse("finance:claims") + query + "&format=xlsx")

    assert reverse("finance:loan-detail", args=[loan.pk]) in page
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    # 91 days on ¥200,000: interest at 3.65% is 1,845.28, the borrower's at 2.15% 1,086.94
    # (each rounded to the fen), so the government's part is the rest: 758.34
    assert rows[1][-1] == pytest.approx(758.34)
    assert AuditEvent.objects.filter(action="loan.claim_export").exists()


def test_the_talent_page_shows_the_loans_the_officer_may_see(client, fin):
    talent = fin.talent()
    loan = fin.apply(talent)
    client.force_login(fin.county_officer)

    page = client.get(reverse("talents:detail", args=[talent.pk])).content.decode()

    assert 'id="talent-loans"' in page
    assert reverse("finance:loan-detail", args=[loan.pk]) in page


def test_a_talent_applies_for_themself_and_sees_the_loan(client, fin):
    user = make_user(role=Role.TALENT)
    talent = fin.talent(user=user)
    client.force_login(user)

    client.post(
        reverse("finance:loan-apply"),
        {"product": fin.individual.pk, "bank": fin.bank.pk, "amount": "50000", "term_months": 12},
    )

    loan = Loan.objects.get()
    assert loan.talent == talent
    assert loan.channel == "self"
    assert client.get(reverse("finance:loan-detail", args=[loan.pk])).status_code == 200


def test_the_loan_list_and_the_queue_take_the_same_queries_for_many_loans(
    client, fin, django_assert_max_num_queries
):
    for _ in range(3):
        fin.apply(fin.talent())
    client.force_login(fin.officer)
    client.get(reverse("finance:loan-list"))  # warm the session and caches
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("finance:loan-list"))
    with django_assert_max_num_queries(40) as home:
        client.get("/")
    for _ in range(7):
        fin.apply(fin.talent())

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("finance:loan-list"))
    with django_assert_max_num_queries(len(home.captured_queries)):
        client.get("/")


def test_the_guarantee_centres_home_lists_the_guarantees_to_review(client, fin):
    loan = fin.run(fin.apply(fin.talent()), to="documents")
    client.force_login(fin.reviewer)

    page = client.get("/").content.decode()

    assert 'id="home-guarantee-queue"' in page
    assert reverse("finance:loan-detail", args=[loan.pk]) in page


def test_a_figures_drilldown_lists_the_loans_it_counted(client, fin):
    from rencai.core import figures
    from rencai.core.figures import Period

    counted = fin.run(fin.apply(fin.talent()), on=date(2022, 9, 5))
    later = fin.run(fin.apply(fin.talent()), on=date(2022, 10, 5))
    figure = figures.registry.get("finance.loans_disbursed")
    url = figures.drilldown_url(
        figure, county=fin.county.pk, period=Period(date(2022, 9, 1), date(2022, 9, 30))
    )
    client.force_login(fin.officer)

    page = client.get(url).content.decode()

    assert reverse("finance:loan-detail", args=[counted.pk]) in page
    assert reverse("finance:loan-detail", args=[later.pk]) not in page
