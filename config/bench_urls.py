"""Routes for the load test only, mounted by `config.urls` when `RENCAI_BENCH_VIEWS` is true.

`/bench/ok/` is the stack's own ceiling in `bench/load.py`: a Django view through the whole
middleware stack that returns `{"ok": true}` and touches no database.
"""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_safe


@require_safe
def ok(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/ok/", ok, name="bench-ok")]
