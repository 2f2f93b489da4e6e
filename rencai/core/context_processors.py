from . import city as cities
from .permissions import roles_of


def roles(request):
    """`roles` in every template: the signed-in user's role codes and scopes."""
    user = getattr(request, "user", None)
    return {"roles": roles_of(user) if user is not None and user.is_authenticated else None}


def city(request):
    """`city` in every template: the city served (`rencai.core.city`): its name, its card."""
    return {"city": cities.current()}
