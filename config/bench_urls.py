"""Routes for the load test only, mounted by `config.urls` when `RENCAI_BENCH_VIEWS` is true.

`/bench/ok/` is the stack's own ceiling in `bench/load.py`: a Django view through the whole
middleware stack that returns `{"ok": true}` and touches no database. `/bench/me/` is the
same for a signed-in user: the session and the user read (two queries, as on every page),
nothing else — what any signed-in page costs before its own work.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_safe


@require_safe
def ok(request):
    return JsonResponse({"ok": True})


@login_required
@require_safe
def me(request):
    return JsonResponse({"ok": True, "user": request.user.pk})


urlpatterns = [
    path("bench/ok/", ok, name="bench-ok"),
    path("bench/me/", me, name="bench-me"),
]
