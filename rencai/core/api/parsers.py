"""The API's JSON parser: DRF's, refusing bodies nested deeper than `MAX_JSON_DEPTH` (400)."""

from __future__ import annotations

import codecs
import io

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from rencai.core.jsonlimits import MAX_JSON_DEPTH, too_deep


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        raw = stream.read() if stream is not None else b""
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise ParseError(
                _("The body is not valid %(encoding)s.") % {"encoding": encoding}
            ) from exc
        if too_deep(text):
            raise ParseError(
                _("JSON nested more than %(n)s levels deep is refused.") % {"n": MAX_JSON_DEPTH}
            )
        return super().parse(io.BytesIO(raw), media_type, parser_context)
