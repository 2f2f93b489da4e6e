"""A talent claims their record: document + mobile, a one-time code, then an account."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rencai.core.choices import OrganisationKind, Role
from rencai.core.errors import NotFound
from rencai.core.models import AuditEvent, Notification, OneTimeCode, User
from rencai.core.permissions import roles_of
from rencai.core.sms import MemorySmsBackend
from rencai.core.tests.factories import make_organisation, make_talent, make_user
from rencai.talents.choices import IdType
from rencai.talents.identity import make_ric
from rencai.talents.models import WindowVisit
from rencai.talents.services import claim

pytestmark = [pytest.mark.portable, pytest.mark.django_db(transaction=False)]

MOBILE = "13912345678"
PASSWORD = "Huanggang-talent-2022"


@pytest.fixture(autouse=True)
def outbox():
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


@pytest.fixture
def talent():
    return make_talent(mobile=MOBILE, name="王硕士")


def _details(talent, **overrides):
    return {"id_type": talent.id_type, "id_number": talent.id_number, "mobile": MOBILE} | overrides


def _request(talent, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        claim.request_claim_code(**_details(talent, **overrides))


def _sent_code(outbox) -> str:
    mobile, text = outbox[-1]
    return re.search(r"\b(\d{6})\b", text).group(1)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _confirm(talent, code, username="wangshuoshi", password=PASSWORD, **overrides):
    return claim.confirm_claim(
        **_details(talent, **overrides), code=code, username=username, password=password
    )


# --- requesting a code ----------------------------------------------------------------------


def test_matching_details_send_a_code_to_that_mobile_and_store_only_its_hash(
    talent, outbox, django_capture_on_commit_callbacks
):
    _request(talent, django_capture_on_commit_callbacks)

    assert len(outbox) == 1
    mobile, _ = outbox[0]
    assert mobile == MOBILE
    code = _sent_code(outbox)
    otp = OneTimeCode.objects.get(purpose="claim", subject=str(talent.pk))
    assert otp.code_hash == OneTimeCode.hash_code(code)
    assert code not in otp.code_hash
    assert otp.expires_at - otp.created_at == timedelta(minutes=10)


def test_lower_case_x_and_spaces_in_the_number_still_match(
    outbox, django_capture_on_commit_callbacks
):
    number = next(
        n for seq in range(1000) if (n := make_ric("421121", date(1985, 1, 1), seq)).endswith("X")
    )
    talent = make_talent(mobile=MOBILE, id_number=number)
    number = f" {number[:6]} {number[6:14]} {number[14:].lower()}"

    _request(talent, django_capture_on_commit_callbacks, id_number=number)

    assert len(outbox) == 1


@pytest.mark.parametrize(
    "overrides",
    [{"mobile": "13900000000"}, {"id_number": "110101199001011237"}, {"id_type": IdType.PASSPORT}],
)
def test_details_that_do_not_match_send_nothing_and_answer_alike(
    talent, outbox, django_capture_on_commit_callbacks, overrides
):
    result = claim.request_claim_code(**_details(talent, **overrides))

    assert result is None  # same answer as a match: no exception, nothing returned
    assert outbox == []


def test_already_claimed_record_gets_no_code(talent, outbox, django_capture_on_commit_callbacks):
    talent.user = make_user(role=Role.TALENT)
    talent.save()

    _request(talent, django_capture_on_commit_callbacks)

    assert outbox == []


def test_codes_per_mobile_are_limited_per_hour_whether_or_not_the_details_match(
    talent, outbox, django_capture_on_commit_callbacks
):
    for _ in range(claim.CODES_PER_MOBILE_PER_HOUR):
        _request(talent, django_capture_on_commit_callbacks)

    with pytest.raises(claim.TooManyCodes):
        _request(talent, django_capture_on_commit_callbacks)
    assert len(outbox) == claim.CODES_PER_MOBILE_PER_HOUR

    stranger = "13700000000"
    for _ in range(claim.CODES_PER_MOBILE_PER_HOUR):
        claim.request_claim_code(**_details(talent, mobile=stranger))
    with pytest.raises(claim.TooManyCodes):
        claim.request_claim_code(**_details(talent, mobile=stranger))


def test_the_hourly_limit_frees_up_after_an_hour(
    talent, outbox, django_capture_on_commit_callbacks
):
    for _ in range(claim.CODES_PER_MOBILE_PER_HOUR):
        _request(talent, django_capture_on_commit_callbacks)
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    _request(talent, django_capture_on_commit_callbacks)

    assert len(outbox) == claim.CODES_PER_MOBILE_PER_HOUR + 1


# --- confirming -------------------------------------------------------------------------------


def test_right_code_creates_the_account_links_the_record_and_audits(
    talent, outbox, django_capture_on_commit_callbacks
):
    _request(talent, django_capture_on_commit_callbacks)

    user = _confirm(talent, _sent_code(outbox))

    talent.refresh_from_db()
    assert talent.user == user
    assert user.check_password(PASSWORD)
    assert user.display_name == "王硕士"
    assert roles_of(user).has(Role.TALENT)
    assert OneTimeCode.objects.get(subject=str(talent.pk)).used_at is not None
    event = AuditEvent.objects.get(action="talent.claim")
    assert event.actor == user
    assert event.target_id == str(talent.pk)


def test_wrong_code_is_refused_and_counted(talent, outbox, django_capture_on_commit_callbacks):
    _request(talent, django_capture_on_commit_callbacks)
    code = _sent_code(outbox)

    with pytest.raises(claim.WrongCode):
        _confirm(talent, _wrong(code))

    assert OneTimeCode.objects.get(subject=str(talent.pk)).attempts == 1
    talent.refresh_from_db()
    assert talent.user is None


def test_sixth_attempt_is_refused_even_with_the_right_code(
    talent, outbox, django_capture_on_commit_callbacks
):
    _request(talent, django_capture_on_commit_callbacks)
    code = _sent_code(outbox)
    for _ in range(OneTimeCode.MAX_ATTEMPTS):
        with pytest.raises(claim.WrongCode):
            _confirm(talent, _wrong(code))

    with pytest.raises(claim.TooManyAttempts):
        _confirm(talent, code)

    talent.refresh_from_db()
    assert talent.user is None


def test_fifth_attempt_with_the_right_code_still_works(
    talent, outbox, django_capture_on_commit_callbacks
):
    _request(talent, django_capture_on_commit_callbacks)
    code = _sent_code(outbox)
    for _ in range(OneTimeCode.MAX_ATTEMPTS - 1):
        with pytest.raises(claim.WrongCode):
            _confirm(talent, _wrong(code))

    assert _confirm(talent, code).pk is not None


def test_expired_code_is_refused(talent, outbox, django_capture_on_commit_callbacks):
    _request(talent, django_capture_on_commit_callbacks)
    OneTimeCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(claim.CodeExpired):
        _confirm(talent, _sent_code(outbox))


def test_a_used_code_cannot_be_used_again(talent, outbox, django_capture_on_commit_callbacks):
    _request(talent, django_capture_on_commit_callbacks)
    code = _sent_code(outbox)
    _confirm(talent, code)

    with pytest.raises(claim.ClaimError):
        _confirm(talent, code, username="another")


def test_record_claimed_meanwhile_is_refused(talent, outbox, django_capture_on_commit_callbacks):
    _request(talent, django_capture_on_commit_callbacks)
    talent.user = make_user(role=Role.TALENT)  # e.g. linked at the window in between
    talent.save()

    with pytest.raises(claim.AlreadyClaimed):
        _confirm(talent, _sent_code(outbox))


def test_code_for_other_details_is_refused_as_wrong(
    talent, outbox, django_capture_on_commit_callbacks
):
    _request(talent, django_capture_on_commit_callbacks)

    with pytest.raises(claim.WrongCode):
        _confirm(talent, _sent_code(outbox), mobile="13700000000")


def test_taken_username_and_weak_password_are_refused_without_using_the_code(
    talent, outbox, django_capture_on_commit_callbacks
):
    make_user(username="WangShuoShi")
    _request(talent, django_capture_on_commit_callbacks)
    code = _sent_code(outbox)

    with pytest.raises(claim.InvalidAccount) as refused:
        _confirm(talent, code, username="wangshuoshi", password="123")

    assert set(refused.value.fields) == {"username", "password"}
    assert _confirm(talent, code, username="wang2022").username == "wang2022"


# --- the pages ------------------------------------------------------------------------------


def test_pages_walk_a_talent_from_details_to_signed_in_home(
    client, talent, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("talents:claim-start"), _details(talent))
    assert response.status_code == 302
    assert response["Location"] == reverse("talents:claim-confirm")
    page = client.get(reverse("talents:claim-confirm")).content.decode()
    assert "139****5678" in page

    response = client.post(
        reverse("talents:claim-confirm"),
        {
            "code": _sent_code(outbox),
            "username": "wangshuoshi",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    home = client.get(reverse("core:home"))
    assert home.context["user"].username == "wangshuoshi"
    (own,) = [p.panel["own"] for p in home.context["panels"] if "own" in p.panel]
    assert own.talent == talent


def test_start_page_answers_a_non_match_exactly_like_a_match(client, talent, outbox):
    matched = client.post(reverse("talents:claim-start"), _details(talent), follow=True)
    client.session.flush()
    unmatched = client.post(
        reverse("talents:claim-start"), _details(talent, mobile="13700000000"), follow=True
    )

    def message(response):
        return [str(m) for m in response.context["messages"]]

    assert matched.redirect_chain == unmatched.redirect_chain
    assert message(matched) == message(unmatched)


def test_confirm_page_shows_a_wrong_code_on_the_code_field(
    client, talent, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("talents:claim-start"), _details(talent))
    data = {"code": _wrong(_sent_code(outbox)), "username": "wang", "password1": PASSWORD}

    response = client.post(reverse("talents:claim-confirm"), data | {"password2": PASSWORD})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert "_auth_user_id" not in client.session


def test_confirm_page_without_a_pending_claim_goes_back_to_the_start(client):
    response = client.get(reverse("talents:claim-confirm"))

    assert response.status_code == 302
    assert response["Location"] == reverse("talents:claim-start")


def test_start_page_refuses_a_malformed_mobile(client, talent, outbox):
    response = client.post(reverse("talents:claim-start"), _details(talent, mobile="12345"))

    assert response.status_code == 200
    assert response.context["form"].errors["mobile"]
    assert outbox == []


# --- notifications sent before the record had an account ------------------------------------


def _told_before_claiming(talent):
    """A notification outreach stored for the record while it had no account."""
    return Notification.objects.create(
        recipient=None,
        subject_type="talents.talent",
        subject_id=str(talent.pk),
        title="您可能符合以下政策待遇",
    )


def test_claiming_gives_the_account_the_notifications_sent_to_the_record(
    talent, outbox, django_capture_on_commit_callbacks
):
    told = _told_before_claiming(talent)
    someone_else = _told_before_claiming(make_talent())
    _request(talent, django_capture_on_commit_callbacks)

    user = _confirm(talent, _sent_code(outbox))

    told.refresh_from_db()
    someone_else.refresh_from_db()
    assert told.recipient == user
    assert someone_else.recipient is None
    assert AuditEvent.objects.get(action="talent.claim").changes["notifications"] == 1


def test_a_clerk_serving_the_talent_links_an_account_with_its_notifications(talent):
    told = _told_before_claiming(talent)
    point = make_organisation(OrganisationKind.SERVICE_POINT)
    clerk = make_user(role=Role.WINDOW_CLERK, organisation=point)
    WindowVisit.objects.create(service_point=point, clerk=clerk, talent=talent)

    user = claim.link_account_at_window(
        talent, actor=clerk, username="wangshuoshi", password=PASSWORD
    )

    told.refresh_from_db()
    talent.refresh_from_db()
    assert (talent.user, told.recipient) == (user, user)
    assert roles_of(user).has(Role.TALENT)
    assert AuditEvent.objects.get(action="talent.link_account").actor == clerk


def test_a_clerk_not_serving_the_talent_cannot_link_an_account(talent):
    told = _told_before_claiming(talent)
    clerk = make_user(role=Role.WINDOW_CLERK)

    with pytest.raises(NotFound):
        claim.link_account_at_window(talent, actor=clerk, username="wangshuoshi", password=PASSWORD)

    told.refresh_from_db()
    assert told.recipient is None
    assert not User.objects.filter(username="wangshuoshi").exists()
