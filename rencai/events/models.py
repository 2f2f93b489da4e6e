"""Events: job fairs, mixers, forums, contests, live-streams and trainings; registrations with
a waiting list kept by the database; check-ins at the door; and a mixer's private picks and
the mutual matches computed from them once the round closes.

A mixer's picks are private: nothing outside a participant's own pages names whom they picked
(see docs/events.md). Job fairs live in the nested app `rencai.events.fairs`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rencai.core.fields import recorded_by
from rencai.core.models import Division, Organisation, TimeStampedModel
from rencai.talents.models import Talent

from .choices import (
    LIVE_STATUSES,
    CheckInMethod,
    EventKind,
    EventStatus,
    RegistrationSource,
    RegistrationStatus,
)


class Event(TimeStampedModel):
    """An event a department or a county organises: when and where, how many places, and who
    may come (a rule in the rule language; empty admits everyone).

    `places_taken` counts the registrations holding a place (registered or offered) and
    `waitlist_issued` the waiting-list positions handed out so far; both change only under a
    lock on this row, and the database keeps the places within the capacity.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_events",
        help_text=_("The organising department; empty for an event the county office runs."),
    )
    division = models.ForeignKey(
        Division,
        verbose_name=_("county (or the city)"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    place = models.CharField(_("venue"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"))
    places_taken = models.PositiveIntegerField(_("places taken"), default=0)
    waitlist_issued = models.PositiveIntegerField(_("waiting-list positions issued"), default=0)
    audience_rule = models.JSONField(
        _("audience rule"),
        default=dict,
        blank=True,
        help_text=_("A rule in the rule language; empty admits everyone."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        db_index=True,
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("offer valid for (hours)"),
        default=24,
        help_text=_("How long a freed place is held for the first on the waiting list."),
    )
    pick_limit = models.PositiveSmallIntegerField(
        _("pick limit"), default=3, help_text=_("Mixers: how many people each may pick.")
    )
    picks_closed_at = models.DateTimeField(_("picks round closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_by = recorded_by(_("created by"))

    class Meta:
        ordering = ["-starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("An event ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=100_000),
                name="event_capacity_between_1_and_100000",
                violation_error_message=_("An event holds between 1 and 100,000 people."),
            ),
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("capacity")),
                name="event_places_within_capacity",
                violation_error_message=_("This event is full."),
            ),
            models.CheckConstraint(
                condition=Q(pick_limit__gte=1, pick_limit__lte=20),
                name="event_pick_limit_between_1_and_20",
                violation_error_message=_("The pick limit is between 1 and 20."),
            ),
            models.CheckConstraint(
                condition=Q(offer_hours__gte=1, offer_hours__lte=24 * 14),
                name="event_offer_hours_between_1_and_336",
                violation_error_message=_("An offer lasts between 1 hour and two weeks."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_mixer(self) -> bool:
        return self.kind == EventKind.MIXER

    @property
    def picks_closed(self) -> bool:
        return self.picks_closed_at is not None

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)


class RegistrationQuerySet(models.QuerySet):
    def live(self) -> RegistrationQuerySet:
        return self.filter(status__in=LIVE_STATUSES)


class Registration(TimeStampedModel):
    """A talent's registration for an event: a place, a waiting-list position, or an offer of
    a freed place until `offer_expires_at`. `code` is the public code printed in the QR.

    Waiting-list positions are handed out in order from the event's `waitlist_issued`, under
    the event's lock, and are unique per event, so they run 1, 2, 3… without gap or duplicate.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="registrations"
    )
    talent = models.ForeignKey(
        Talent,
        verbose_name=_("talent"),
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    source = models.CharField(
        _("source"),
        max_length=12,
        choices=RegistrationSource.choices,
        default=RegistrationSource.ONLINE,
    )
    waitlist_position = models.PositiveIntegerField(
        _("waiting-list position"), null=True, blank=True
    )
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    code = models.CharField(_("code"), max_length=16, unique=True)
    registered_by = recorded_by(_("registered by"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "talent"],
                condition=Q(status__in=LIVE_STATUSES),
                name="registration_one_live_per_talent_and_event",
                violation_error_message=_("This talent is already registered for this event."),
            ),
            models.UniqueConstraint(
                fields=["event", "waitlist_position"],
                condition=Q(waitlist_position__isnull=False),
                name="registration_waitlist_position_unique_in_event",
                violation_error_message=_("This waiting-list position is taken."),
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.WAITLISTED) | Q(waitlist_position__gte=1),
                name="registration_waitlisted_has_position",
                violation_error_message=_("A waiting-list entry has a position."),
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.OFFERED) | Q(offer_expires_at__isnull=False),
                name="registration_offer_has_expiry",
                violation_error_message=_("An offer has an expiry time."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "offer_expires_at"], name="registration_offer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.code}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class CheckIn(models.Model):
    """A registration checked in at the door. `scan_id` is generated by the scanning page, so
    a scan sent twice (a retry, an offline queue uploaded again) is one check-in; a scan made
    offline keeps both its time (`scanned_at`) and when it reached the server (`uploaded_at`).
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="check_ins"
    )
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.PROTECT,
        related_name="check_in",
    )
    scan_id = models.CharField(_("scan id"), max_length=64)
    method = models.CharField(
        _("method"), max_length=10, choices=CheckInMethod.choices, default=CheckInMethod.TYPED
    )
    scanned_at = models.DateTimeField(_("scanned at"), db_index=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)
    recorded_by = recorded_by(_("recorded by"))

    class Meta:
        ordering = ["-scanned_at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "scan_id"],
                name="check_in_scan_id_unique_in_event",
                violation_error_message=_("This scan has already been recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.scanned_at:%Y-%m-%d %H:%M}"


class Pick(TimeStampedModel):
    """One mixer participant's private pick of another participant (both checked in).

    Private: only the chooser ever sees it; counts are all anyone else sees.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="picks"
    )
    chooser = models.ForeignKey(
        Registration, verbose_name=_("chooser"), on_delete=models.PROTECT, related_name="picks"
    )
    chosen = models.ForeignKey(
        Registration,
        verbose_name=_("picked"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["event", "chooser", "pk"]
        verbose_name = _("pick")
        verbose_name_plural = _("picks")
        constraints = [
            models.UniqueConstraint(
                fields=["chooser", "chosen"],
                name="pick_once_per_pair",
                violation_error_message=_("You have already picked this person."),
            ),
            models.CheckConstraint(
                condition=~Q(chooser=F("chosen")),
                name="pick_not_oneself",
                violation_error_message=_("You cannot pick yourself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · pick {self.pk}"


class Match(TimeStampedModel):
    """A mutual pick at a mixer, computed once when the round closes. `first` is the
    registration with the smaller id. Each side's contact is shown to the other only after
    both have consented to share it.
    """

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="matches"
    )
    first = models.ForeignKey(
        Registration, verbose_name=_("first"), on_delete=models.PROTECT, related_name="+"
    )
    second = models.ForeignKey(
        Registration, verbose_name=_("second"), on_delete=models.PROTECT, related_name="+"
    )
    first_consented_at = models.DateTimeField(_("first consented at"), null=True, blank=True)
    second_consented_at = models.DateTimeField(_("second consented at"), null=True, blank=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"],
                name="match_once_per_pair",
                violation_error_message=_("This pair is already matched."),
            ),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")),
                name="match_first_before_second",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · match {self.pk}"

    @property
    def both_consented(self) -> bool:
        return self.first_consented_at is not None and self.second_consented_at is not None
