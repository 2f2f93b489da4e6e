"""A talent's moves: record a departure, a return, a transfer (the talent's county officers).

A talent outside the user's scope answers 404; one they see but whose moves they may not
record answers 403. The talent page shows the history through the "moves" panel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rencai.core.errors import Conflict, NotFound, PermissionDenied
from rencai.core.listfilters import active_filters

from .. import permissions, selectors
from ..choices import MoveKind
from ..forms_cards import add_service_errors
from ..forms_moves import DepartureForm, MoveFilterForm, ReturnForm, TransferForm
from ..models import Talent, TalentMove
from ..services import moves as services


def _talent_to_move(request, pk) -> Talent:
    try:
        talent = selectors.get_talent_for_actor(request.user, pk)
    except NotFound as exc:
        raise Http404 from exc
    if not permissions.can_record_moves(request.user, talent):
        raise Forbidden
    return talent


PAGES = {
    MoveKind.DEPARTURE: (DepartureForm, services.record_departure),
    MoveKind.RETURN: (ReturnForm, services.record_return),
    MoveKind.TRANSFER: (TransferForm, services.record_transfer),
}


def _move_page(request, pk, kind: MoveKind, title: str, done: str):
    talent = _talent_to_move(request, pk)
    form_class, service = PAGES[kind]
    form = form_class(request.POST if request.method == "POST" else None, talent=talent)
    if form.is_bound and form.is_valid():
        try:
            service(talent, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc.message))
        except NotFound as exc:
            raise Http404 from exc
        except PermissionDenied as exc:
            raise Forbidden from exc
        else:
            messages.success(request, done)
            return redirect("talents:detail", pk=talent.pk)
    return render(
        request,
        "talents/move_form.html",
        {"talent": talent, "form": form, "title": title, "kind": kind},
    )


@login_required
@require_http_methods(["GET", "POST"])
def move_departure(request, pk):
    return _move_page(
        request,
        pk,
        MoveKind.DEPARTURE,
        _("Record a departure from the city"),
        _("Departure recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def move_return(request, pk):
    return _move_page(
        request, pk, MoveKind.RETURN, _("Record a return to the city"), _("Return recorded.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def move_transfer(request, pk):
    return _move_page(
        request,
        pk,
        MoveKind.TRANSFER,
        _("Record a transfer to another county"),
        _("Transfer recorded."),
    )


def moves_panel(actor, talent) -> dict | None:
    """The talent page's moves section: where the talent is, the history, and the actions."""
    history = list(
        TalentMove.objects.filter(talent=talent).select_related(
            "reason", "from_county", "to_county"
        )
    )
    can_record = permissions.can_record_moves(actor, talent)
    if not history and not can_record:
        return None
    return {
        "template": "talents/_moves.html",
        "context": {"talent": talent, "moves": history, "can_record": can_record},
    }


@login_required
@require_http_methods(["GET"])
def move_list(request):
    """The moves of the user's county (in, out and within), or of the city: newest first."""
    if not permissions.can_browse_registry(request.user):
        raise Forbidden
    form = MoveFilterForm(request.GET or None)
    qs = form.apply(selectors.moves_for_actor(request.user)).order_by("-moved_on", "-id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    visible = set(
        Talent.objects.for_actor(request.user)
        .filter(pk__in=[m.talent_id for m in page.object_list])
        .values_list("pk", flat=True)
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    kind = data.get("kind") and MoveKind(data["kind"]).label
    return render(
        request,
        "talents/move_list.html",
        {
            "page": page,
            "visible": visible,
            "form": form,
            "filtered": bool(data and any(data.values())),
            "active_filters": active_filters(
                start=data.get("moved_from"),
                end=data.get("moved_to"),
                county=data.get("county"),
                others=[kind, data.get("reason")],
            ),
        },
    )
