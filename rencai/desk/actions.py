"""The case actions, one table read by the pages (`views/cases.py`) and the API (`api/views.py`).

Each action names its service, the permission predicate that shows its button (the service
checks again), the inputs the case page's form shows, the API's input serializer, and the
message after success. Adding an action: a row here, its transition in `workflow.py`, its
predicate in `permissions.py`, and one line in the API's viewset.

Services are called as `action.perform(case, actor, inputs, key)`; `inputs` maps input names to
values, None meaning "not given" (the case's value stays).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from . import permissions, services, workflow
from .models import Application

# --- the API's inputs (the page's are `forms.ActionForm`'s fields named in `fields`) ------


class SubmitSerializer(serializers.Serializer):
    confirmed = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, allow_null=True
    )
    payee_account = serializers.CharField(max_length=40, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DisburseSerializer(serializers.Serializer):
    instalment = serializers.IntegerField(
        min_value=1,
        max_value=1200,
        required=False,
        allow_null=True,
        help_text=_("Which instalment (default: the next unpaid one)."),
    )
    paid_on = serializers.DateField(required=False, allow_null=True)
    payee_account = serializers.CharField(max_length=40, required=False, allow_blank=True)


# --- the table ----------------------------------------------------------------------------

Service = Callable[[Application, Any, dict[str, Any], str], Application]


@dataclass(frozen=True)
class CaseAction:
    name: str
    service: Service
    predicate: Callable[[Any, Application], bool]
    fields: tuple[str, ...]
    serializer: type[serializers.Serializer]
    done: Promise
    danger: bool = False
    description: str = ""

    @property
    def label(self) -> Promise:
        return workflow.ACTION_LABELS[self.name]

    def perform(self, case: Application, actor, inputs: dict[str, Any], key: str) -> Application:
        return self.service(case, actor, inputs, key)


def _text(inputs: dict[str, Any], name: str) -> str:
    return inputs.get(name) or ""


ACTIONS: dict[str, CaseAction] = {
    action.name: action
    for action in (
        CaseAction(
            "submit",
            lambda c, a, d, k: services.submit_application(
                c,
                actor=a,
                confirmed=d.get("confirmed"),
                payee_account=d.get("payee_account"),
                idempotency_key=k,
            ),
            permissions.can_submit,
            ("confirmed", "payee_account"),
            SubmitSerializer,
            _("Submitted."),
        ),
        CaseAction(
            "resubmit",
            lambda c, a, d, k: services.resubmit_application(
                c,
                actor=a,
                confirmed=d.get("confirmed"),
                payee_account=d.get("payee_account"),
                note=_text(d, "note"),
                idempotency_key=k,
            ),
            permissions.can_submit,
            ("confirmed", "payee_account", "note"),
            SubmitSerializer,
            _("Submitted again."),
        ),
        CaseAction(
            "accept",
            lambda c, a, d, k: services.accept_application(
                c, actor=a, note=_text(d, "note"), idempotency_key=k
            ),
            permissions.can_accept,
            ("note",),
            NoteSerializer,
            _("Accepted."),
        ),
        CaseAction(
            "return",
            lambda c, a, d, k: services.return_application(
                c, actor=a, reason=_text(d, "reason"), idempotency_key=k
            ),
            permissions.can_return,
            ("reason",),
            ReasonSerializer,
            _("Returned for correction."),
        ),
        CaseAction(
            "approve",
            lambda c, a, d, k: services.approve_application(
                c, actor=a, note=_text(d, "note"), idempotency_key=k
            ),
            permissions.can_decide_step,
            ("note",),
            NoteSerializer,
            _("Approved."),
            description="Approve the step the case waits for.",
        ),
        CaseAction(
            "reject",
            lambda c, a, d, k: services.reject_application(
                c, actor=a, reason=_text(d, "reason"), idempotency_key=k
            ),
            permissions.can_reject,
            ("reason",),
            ReasonSerializer,
            _("Rejected."),
            danger=True,
        ),
        CaseAction(
            "disburse",
            lambda c, a, d, k: services.disburse(
                c,
                actor=a,
                instalment=d.get("instalment"),
                paid_on=d.get("paid_on"),
                payee_account=d.get("payee_account") or None,
                idempotency_key=k,
            ),
            permissions.can_disburse,
            ("payee_account", "paid_on"),
            DisburseSerializer,
            _("Payment recorded."),
            description="Record the payment of one instalment.",
        ),
        CaseAction(
            "close",
            lambda c, a, d, k: services.close_application(
                c, actor=a, note=_text(d, "note"), idempotency_key=k
            ),
            permissions.can_close,
            ("note",),
            NoteSerializer,
            _("Closed."),
        ),
        CaseAction(
            "withdraw",
            lambda c, a, d, k: services.withdraw_application(
                c, actor=a, reason=_text(d, "reason"), idempotency_key=k
            ),
            permissions.can_withdraw,
            ("reason",),
            WithdrawSerializer,
            _("Withdrawn."),
            danger=True,
        ),
    )
}
