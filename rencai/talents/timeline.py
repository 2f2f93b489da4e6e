"""The registry's entries in the one-person file: registration and every card record.
Registered in `TalentsConfig.ready()`; the caller has checked the viewer may see the talent."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencai.core.text import format_date
from rencai.core.timeline import Entry, moment, register_timeline, timeline_for

from .choices import CardStatus, MoveKind
from .models import TalentCard, TalentMove, card_kind_label

KINDS = {"registry": gettext_lazy("Registry"), "card": gettext_lazy("Cards")}
MOVE_KINDS = {"moves": gettext_lazy("Moves")}


def talent_entries(viewer, talent) -> list[Entry]:
    entries = [
        Entry(
            when=talent.created_at,
            kind="registry",
            title=_("Registered in %(county)s") % {"county": talent.county},
            link=reverse("talents:detail", args=[talent.pk]),
            order=(talent.pk,),
        )
    ]
    cards = TalentCard.objects.filter(talent=talent).values(
        "pk", "kind", "number", "valid_from", "valid_to", "issued_at", "status", "revoked_at"
    )
    for card in cards.order_by():
        names = {"kind": card_kind_label(card["kind"]), "number": card["number"]}
        detail = _("valid %(start)s – %(end)s") % {
            "start": format_date(card["valid_from"]),
            "end": format_date(card["valid_to"]),
        }
        entries.append(
            Entry(
                card["issued_at"],
                "card",
                _("%(kind)s %(number)s recorded") % names,
                detail=detail,
                order=(card["pk"], 0),
            )
        )
        if card["status"] == CardStatus.REVOKED and card["revoked_at"]:
            entries.append(
                Entry(
                    when=moment(card["revoked_at"]),
                    kind="card",
                    title=_("%(kind)s %(number)s revoked") % names,
                    order=(card["pk"], 1),
                )
            )
    return entries


def register() -> None:
    from . import panels

    register_timeline("talents.registry", talent_entries, kinds=KINDS, order=10)
    panels.register_panel("talents.timeline", timeline_panel, order=90)
    register_timeline(
        "talents.moves",
        move_entries,
        kinds=MOVE_KINDS,
        order=11,
        limits=True,
        records=[("talents.TalentMove", "talent")],
    )
    panels.register_panel("talents.moves", _moves_panel, order=80)


def _moves_panel(actor, talent) -> dict | None:
    from .views.moves import moves_panel

    return moves_panel(actor, talent)


PANEL_ENTRIES = 5


def timeline_panel(actor, talent) -> dict | None:
    """The talent detail page's one-person file, kept short: the latest entries this viewer
    may see (no more are built), and a link to the whole file (`talents:file`)."""
    entries = timeline_for(actor, talent, limit=PANEL_ENTRIES)
    if not entries:
        return None
    context = {"entries": entries, "url": reverse("talents:file", args=[talent.pk])}
    return {"template": "talents/_timeline.html", "context": context}


def move_entries(viewer, talent, limit: int | None = None) -> list[Entry]:
    """Departures, returns and transfers, on the day recorded (dated by the day of the move);
    with a limit, the n newest."""
    moves = TalentMove.objects.filter(talent=talent).values(
        "pk", "kind", "moved_on", "note", "reason__name", "from_county__name", "to_county__name"
    )
    moves = moves.order_by("-moved_on", "-pk")[:limit] if limit is not None else moves.order_by()
    entries = []
    for move in moves:
        if move["kind"] == MoveKind.DEPARTURE:
            title = _("Left the city (%(reason)s)") % {"reason": move["reason__name"]}
        elif move["kind"] == MoveKind.RETURN:
            title = _("Came back to the city")
        else:
            title = _("Moved from %(from)s to %(to)s") % {
                "from": move["from_county__name"],
                "to": move["to_county__name"],
            }
        entries.append(
            Entry(
                when=moment(move["moved_on"]),
                kind="moves",
                title=title,
                detail=move["note"],
                order=(move["pk"],),
            )
        )
    return entries
