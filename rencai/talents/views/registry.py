"""Registry pages: list and search, window find, register and edit, detail, reveal,
import and export. Views are thin: forms check input, services write, selectors read.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from rencai.core import clock
from rencai.core.errors import Conflict, DomainError, NotFound
from rencai.core.errors import PermissionDenied as DomainPermissionDenied
from rencai.core.forms import WindowFindForm
from rencai.core.http import safe_next
from rencai.core.listfilters import active_filters
from rencai.core.models import Division
from rencai.core.xlsx.writing import xlsx_download

from .. import exports, imports, permissions
from ..actions import actions_for
from ..forms import (
    IDENTIFIER_FILTERS,
    QUERY_FILTERS,
    FamilyMemberForm,
    ImportForm,
    TalentFilterForm,
    TalentForm,
)
from ..models import Talent
from ..panels import panels_for
from ..selectors import get_talent_for_actor, registry_page
from ..services import registry
from .cards import card_panel

PAGE_SIZE = 50
MAX_ERRORS_SHOWN = 1000


def _talent_or_404(actor, pk) -> Talent:
    try:
        return get_talent_for_actor(actor, pk)
    except NotFound as exc:
        raise Http404 from exc


def _filter_query(request) -> str:
    """The list's non-identifying filters from the query string (no page, never identifiers)."""
    return urlencode(
        [(name, value) for name in QUERY_FILTERS if (value := request.GET.get(name, "").strip())]
    )


# --- list and export ----------------------------------------------------------------------


LIST_IDENTIFIERS_SESSION_KEY = "talents.list_identifiers"


def _see_other(url: str, query: str = "") -> HttpResponseRedirect:
    response = HttpResponseRedirect(f"{url}?{query}" if query else url)
    response.status_code = 303
    return response


def _list_identifiers(request) -> dict[str, str]:
    """The identity number and mobile searched for, kept in the session (never in a URL)."""
    stored = request.session.get(LIST_IDENTIFIERS_SESSION_KEY) or {}
    return {name: stored[name] for name in IDENTIFIER_FILTERS if stored.get(name)}


def _list_form(request) -> TalentFilterForm:
    """The filters in force: the query string's, plus the session's identifiers on top.

    The query string's id_number and mobile are never read.
    """
    data = QueryDict(_filter_query(request), mutable=True)
    data.update(_list_identifiers(request))
    return TalentFilterForm(data or None, actor=request.user)


def _search(request):
    """A posted search: remember the identifiers in the session, send the rest in the URL."""
    form = TalentFilterForm(request.POST, actor=request.user)
    identifiers = form.identifiers()
    if identifiers:
        request.session[LIST_IDENTIFIERS_SESSION_KEY] = identifiers
    else:
        request.session.pop(LIST_IDENTIFIERS_SESSION_KEY, None)
    return _see_other(reverse("talents:list"), form.query_string())


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def talent_list(request):
    """Browse and search the registry in the actor's scope (not for window clerks).

    The search is posted: the identity number and mobile go into the session, the other
    filters into the URL it redirects to, so typed identifiers never reach a URL (server logs,
    browser history, the pagination, export and language links). `?clear=1` forgets them.
    """
    actor = request.user
    if not permissions.can_browse_registry(actor):
        if permissions.can_find_at_window(actor):
            return redirect("talents:find")
        raise PermissionDenied
    if request.method == "POST":
        return _search(request)
    if request.GET.get("clear"):
        request.session.pop(LIST_IDENTIFIERS_SESSION_KEY, None)
        return _see_other(reverse("talents:list"))
    if any(name in request.GET for name in IDENTIFIER_FILTERS):
        # An old link or a hand-typed URL: drop the identifiers so no link on the page repeats them.
        params = request.GET.copy()
        for name in IDENTIFIER_FILTERS:
            params.pop(name, None)
        return _see_other(reverse("talents:list"), params.urlencode())
    form = _list_form(request)
    filters = form.filters()
    page, rows = registry_page(actor, filters, request.GET.get("page"), per_page=PAGE_SIZE)
    today = clock.today()
    for talent in rows:
        talent.age = talent.age_on(today)
    query = _filter_query(request)
    return render(
        request,
        "talents/talent_list.html",
        {
            "form": form,
            "page_obj": page,
            "talents": rows,
            "filtered": bool(query or _list_identifiers(request)),
            "export_query": query,
            "active_filters": active_filters(
                start=filters.registered_from,
                end=filters.registered_to,
                county=Division.objects.filter(pk=filters.county).first()
                if filters.county
                else None,
                as_of=filters.as_of,
            ),
            "can_export_full": permissions.can_export_full_numbers(actor),
            "can_register": permissions.can_register_talent(actor),
            "can_import": permissions.can_import_talents(actor),
        },
    )


@login_required
@never_cache
def talent_export(request):
    """The list on screen as xlsx: masked, or full numbers (`?full=1`) for those who may.

    The same filters as the list: the query string's, and the identifiers in the session.
    """
    actor = request.user
    form = _list_form(request)
    try:
        export = exports.export_talents(actor, form.filters(), full=request.GET.get("full") == "1")
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    return xlsx_download(export.file, export.filename)


# --- window find --------------------------------------------------------------------------


WALK_IN_SESSION_KEY = "talents.walk_in"
# What `talents/window_find.html` shows of a match besides its own columns: the county only
# (the tier, degree, title and employer the registry's pages join are not on this page).
FIND_RELATED = ("county",)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def window_find(request):
    """A clerk finds a walk-in by exact identity number, mobile, or name and birth date.

    The search is a POST rendered in place: typed identifiers never reach a URL (server logs,
    browser history, the language switcher's `next`), and the page is not cached. GET shows
    the empty form.
    """
    actor = request.user
    if not permissions.can_find_at_window(actor):
        raise PermissionDenied
    if request.method != "POST":
        return _render_find(request, WindowFindForm(), matches=None)
    form = WindowFindForm(request.POST)
    matches: list[Talent] | None = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            matches = registry.find_for_window(
                actor=actor,
                id_number=data["id_number"].strip(),
                mobile=data["mobile"].strip(),
                name=data["name"].strip(),
                birth_date=data["birth_date"],
                related=FIND_RELATED,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            _remember_walk_in(request, data, found=bool(matches))
    return _render_find(request, form, matches=matches)


def _render_find(request, form: WindowFindForm, *, matches: list[Talent] | None):
    return render(
        request,
        "talents/window_find.html",
        {"form": form, "matches": matches, "register_url": reverse("talents:create")},
    )


def _remember_walk_in(request, data: dict, *, found: bool) -> None:
    """Keep a not-found person's typed identity (server side, in the session) so the register
    form can be prefilled without putting it in the link; forget it once someone is found."""
    if found:
        request.session.pop(WALK_IN_SESSION_KEY, None)
        return
    request.session[WALK_IN_SESSION_KEY] = {
        key: value
        for key, value in (("id_number", data["id_number"].strip()), ("name", data["name"].strip()))
        if value
    }


# --- register and edit --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def talent_create(request):
    """Register a talent: the five essentials suffice; a clerk's walk-in opens a visit."""
    actor = request.user
    if not permissions.can_register_talent(actor):
        raise PermissionDenied
    if request.method == "POST":
        form = TalentForm(request.POST, actor=actor)
        if form.is_valid():
            try:
                talent = registry.register_talent(actor=actor, fields=form.talent_fields())
            except ValidationError as exc:
                form.add_service_errors(exc.message_dict)
            except (DomainPermissionDenied, Conflict) as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Registered %(name)s.") % {"name": talent.name})
                return redirect("talents:detail", pk=talent.pk)
    else:
        # A clerk's not-found search leaves the typed identity in the session, never in a URL.
        initial = request.session.pop(WALK_IN_SESSION_KEY, {})
        form = TalentForm(actor=actor, initial=initial)
    return render(request, "talents/talent_form.html", {"form": form, "talent": None})


@login_required
@require_http_methods(["GET", "POST"])
def talent_edit(request, pk: int):
    actor = request.user
    talent = _talent_or_404(actor, pk)
    if not permissions.can_edit_talent(actor, talent):
        raise PermissionDenied
    if request.method == "POST":
        form = TalentForm(request.POST, actor=actor, instance=talent)
        if form.is_valid():
            try:
                registry.update_talent(talent, actor=actor, fields=form.talent_fields())
            except ValidationError as exc:
                form.add_service_errors(exc.message_dict)
            except (DomainPermissionDenied, Conflict) as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, _("Saved."))
                # A clerk completing a walk-in's record goes back to the window screen.
                return redirect(safe_next(request, reverse("talents:detail", args=[talent.pk])))
    else:
        form = TalentForm(actor=actor, instance=talent)
    context = {"form": form, "talent": talent, "next": safe_next(request, "")}
    return render(request, "talents/talent_form.html", context)


# --- detail, family, reveal ---------------------------------------------------------------


def _may_edit_family(actor, talent: Talent) -> bool:
    return permissions.can_edit_talent(actor, talent) or talent.user_id == actor.pk


def _detail_context(actor, talent: Talent, **extra) -> dict:
    prefetch_related_objects([talent], "tags", "family")
    today = clock.today()
    may_see_birth_date = permissions.can_see_birth_date(actor, talent)
    context = {
        "talent": talent,
        "age": talent.age_on(today),
        "may_see_birth_date": may_see_birth_date,
        "family": [
            (member, member.birth_date and _age(member.birth_date, today))
            for member in talent.family.all()
        ],
        "can_edit": permissions.can_edit_talent(actor, talent),
        "can_reveal": permissions.can_reveal_identity(actor, talent),
        "can_link_account": talent.user_id is None and permissions.is_serving(actor, talent),
        "can_edit_family": _may_edit_family(actor, talent),
        "cards": card_panel(actor, talent),
        "panels": panels_for(actor, talent),
        "talent_actions": actions_for(actor, talent),
        "revealed": None,
        "family_form": FamilyMemberForm(),
    }
    context.update(extra)
    return context


def _age(birth, today) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@login_required
@require_http_methods(["GET", "POST"])
def talent_detail(request, pk: int):
    """One talent's record (masked); POST adds or removes a family member."""
    actor = request.user
    talent = _talent_or_404(actor, pk)
    if request.method == "POST":
        return _family_post(request, talent)
    return render(request, "talents/talent_detail.html", _detail_context(actor, talent))


def _family_post(request, talent: Talent):
    actor = request.user
    if not _may_edit_family(actor, talent):
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "family_remove":
        member_id = request.POST.get("member", "")
        member = talent.family.filter(pk=member_id).first() if member_id.isdigit() else None
        if member is None:
            raise Http404
        registry.remove_family_member(member, actor=actor)
        messages.success(request, _("Family member removed."))
        return redirect("talents:detail", pk=talent.pk)
    if action != "family_add":
        raise Http404
    form = FamilyMemberForm(request.POST)
    if form.is_valid():
        try:
            registry.add_family_member(talent, actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            messages.success(request, _("Family member added."))
            return redirect("talents:detail", pk=talent.pk)
    context = _detail_context(actor, talent, family_form=form)
    return render(request, "talents/talent_detail.html", context)


@login_required
@require_POST
def talent_reveal(request, pk: int):
    """Show the full identity number and mobile of one talent: audited, for roles that may."""
    actor = request.user
    talent = _talent_or_404(actor, pk)
    try:
        revealed = registry.reveal_identity(talent, actor=actor)
    except NotFound as exc:
        raise Http404 from exc
    except DomainPermissionDenied as exc:
        raise PermissionDenied from exc
    context = _detail_context(actor, talent, revealed=revealed)
    if getattr(request, "htmx", False):
        return render(request, "talents/_identity.html", context)
    return render(request, "talents/talent_detail.html", context)


# --- import -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def talent_import(request):
    """Upload a workbook: every row is checked first; all are created, or none."""
    actor = request.user
    if not permissions.can_import_talents(actor):
        raise PermissionDenied
    result = None
    file_error = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = imports.import_talents(upload, actor=actor, filename=upload.name)
            except DomainError as exc:
                file_error = str(exc.message)
            else:
                if result.ok:
                    messages.success(
                        request,
                        _("Imported %(count)s talents from %(file)s.")
                        % {"count": result.created, "file": upload.name},
                    )
                    return redirect("talents:list")
    else:
        form = ImportForm()
    errors = result.errors if result else []
    return render(
        request,
        "talents/talent_import.html",
        {
            "form": form,
            "file_error": file_error,
            "result": result,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "more_errors": max(0, len(errors) - MAX_ERRORS_SHOWN),
        },
    )


@login_required
def import_template(request):
    """The xlsx template: header row, an example row, and the allowed values."""
    actor = request.user
    if not permissions.can_import_talents(actor):
        raise PermissionDenied
    return xlsx_download(exports.build_import_template(actor), "talent-import-template.xlsx")
