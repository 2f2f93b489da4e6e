"""Token authentication with a lifetime (`rencai.core.tokens`): an expired token answers 401."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from rencai.core import tokens


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if tokens.has_expired(token):
            token.delete()
            raise AuthenticationFailed(_("The token has expired: ask for a new one."))
        return user, token
