"""The personal policy pack (政策礼包) pages: on screen, as a Word file, and "my pack".

Any user who can see the talent (the registry's scope, which includes the talent themself)
sees their pack; others get 404, as for a missing talent.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from rencai.core import clock
from rencai.core.http import http_errors
from rencai.talents.models import Talent
from rencai.talents.selectors import get_talent_for_actor, talent_of_user

from ..pack import pack_docx, policy_pack
from ..privacy import private_facts_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pack_panel(actor, talent: Talent) -> dict:
    """The talent detail page's link to the talent's policy pack (rencai.talents.panels)."""
    return {"template": "policies/_pack_link.html", "context": talent}


@require_safe
@login_required
@http_errors
def talent_pack(request, pk):
    talent = get_talent_for_actor(request.user, pk)
    hide = private_facts_for(request.user, talent)
    pack = policy_pack(talent.pk, clock.today(), hide=hide)
    own = talent.user_id == request.user.pk
    return render(request, "policies/pack.html", {"pack": pack, "own": own})


@require_safe
@login_required
@http_errors
def talent_pack_docx(request, pk):
    talent = get_talent_for_actor(request.user, pk)
    today = clock.today()
    content = pack_docx(policy_pack(talent.pk, today, hide=private_facts_for(request.user, talent)))
    response = HttpResponse(content, content_type=DOCX)
    name = f"policy-pack-{talent.pk}-{today.isoformat()}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
@login_required
def my_pack(request):
    """The signed-in talent's own pack (the link in notifications and on their home page)."""
    talent = talent_of_user(request.user, Talent.objects.only("pk"))
    if talent is None:
        raise Http404(_("No talent record is linked to your account."))
    return redirect("policies:talent-pack", talent.pk)
