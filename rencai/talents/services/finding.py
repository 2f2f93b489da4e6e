"""Finding a talent to serve (ROLES.md): by exact identity number, mobile, or name + birth
date, never by browsing; each find is audited and opens the talent to the finder's
organisation for the day.

A window clerk finds a walk-in at the counter (`registry.find_for_window`, the window screen).
A hospital liaison, a department officer or a bank officer who must act for a talent with no
record in their scope yet (a first booking, a loan application on a visit) calls
`find_to_serve` the same way: the find writes a `WindowVisit` (an opening: the organisation
where the talent was found, who found them, when), and the `talents.found_to_serve`
visibility provider opens the talent to that organisation's officers until midnight. See
docs/decisions/0005-finding-a-talent.md.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rencai.core import audit
from rencai.core.choices import OrganisationKind, Role
from rencai.core.errors import PermissionDenied
from rencai.core.inserts import insert_together
from rencai.core.permissions import roles_of

from ..models import Talent, WindowVisit
from ..selectors import find_exact

# The roles that may find a talent to serve, in the order their organisation is chosen.
FINDERS = (
    Role.WINDOW_CLERK,
    Role.DEPARTMENT_OFFICER,
    Role.HOSPITAL_LIAISON,
    Role.BANK_OFFICER,
)
MAX_MATCHES = 10


def finder_organisation_id(actor, role: str | None = None) -> int | None:
    """Where the actor serves as `role` (or their first finding role): the organisation a
    find opens the talent to. A clerk's must be a service point. No query: the roles, read
    once a request, carry each organisation's kind."""
    roles = roles_of(actor)
    for candidate in (role,) if role else FINDERS:
        organisations = sorted(roles.organisation_ids(candidate))
        if not organisations:
            continue
        first = organisations[0]
        if (
            candidate == Role.WINDOW_CLERK
            and roles.organisation_kind(first) != OrganisationKind.SERVICE_POINT
        ):
            return None
        return first
    return None


def can_find_to_serve(actor, role: str | None = None) -> bool:
    roles = roles_of(actor)
    return roles.has(role) if role else roles.has(*FINDERS)


def find_to_serve(
    *,
    actor,
    role: str | None = None,
    id_number: str = "",
    mobile: str = "",
    name: str = "",
    birth_date: date | None = None,
    related: tuple[str, ...] | None = None,
) -> list[Talent]:
    """Find talents by exact identifiers and open them to the actor's organisation today.

    `role` picks which of the actor's roles acts (default: the first of FINDERS they hold).
    `related`: the foreign keys the caller's page shows (`find_exact`; None: every catalogue).
    Without an identity number, a mobile, or a name with a birth date, nothing is searched.
    The search is audited (identifiers masked) whether or not it matched.
    """
    if role is not None and role not in FINDERS:
        raise PermissionDenied(_("Your role may not find talents."))
    if not can_find_to_serve(actor, role):
        raise PermissionDenied(_("Your role may not find talents."))
    organisation_id = finder_organisation_id(actor, role)
    if organisation_id is None:
        raise PermissionDenied(_("Your role may not find talents."))
    if not (id_number or mobile or (name and birth_date)):
        raise ValidationError(
            _("Enter an identity number, a mobile number, or a name with a birth date.")
        )
    talents = list(
        find_exact(
            id_number=id_number,
            mobile=mobile,
            name=name,
            birth_date=birth_date,
            related=related,
        )[:MAX_MATCHES]
    )
    acting = role or next(r for r in FINDERS if roles_of(actor).has(r))
    # The visits and the audit event in one round trip (one statement on PostgreSQL).
    insert_together(
        [WindowVisit(service_point_id=organisation_id, clerk=actor, talent=t) for t in talents],
        [
            audit.event(
                actor,
                "talent.window_find" if acting == Role.WINDOW_CLERK else "talent.find_to_serve",
                target_type="talents.talent",
                target_repr=", ".join(str(t.pk) for t in talents),
                changes=audit.diff(
                    {},
                    {
                        "id_number": id_number,
                        "mobile": mobile,
                        "name": name,
                        "birth_date": birth_date,
                        "found": len(talents),
                        "role": acting,
                    },
                ),
            )
        ],
    )
    return talents
