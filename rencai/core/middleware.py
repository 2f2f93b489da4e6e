"""Give every request an id that the audit log records with each event it causes."""

import uuid
from contextvars import ContextVar

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-Id", "")[:36] or str(uuid.uuid4())
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-Id"] = request_id
        return response


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """The language is the user's explicit choice (the language cookie) or the site's default.

    Django's own middleware would follow the browser's Accept-Language, so an English browser
    in a county office would get English pages: Rencai is Chinese first, English on switch.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class ReplicaReadsMiddleware:
    """Every xlsx export (a GET of `….xlsx` or `?format=xlsx`) reads from the replica when one
    is configured (`core.db_routers.reading_from_replica`); its writes — the export's audit
    event — still go to the primary. The dashboard's views carry the decorator themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_export(request):
            from .db_routers import reading_from_replica

            with reading_from_replica():
                return self.get_response(request)
        return self.get_response(request)


def is_export(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    return request.path.endswith(".xlsx") or request.GET.get("format") == "xlsx"
