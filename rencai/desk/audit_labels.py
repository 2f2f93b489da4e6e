"""desk's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "application.open": _("Opened a case"),
        "application.open_outreach": _("Opened cases from outreach"),
        "application.submit": _("Submitted a case"),
        "application.resubmit": _("Resubmitted a case"),
        "application.accept": _("Accepted a case"),
        "application.return": _("Returned a case for changes"),
        "application.approve": _("Approved a case"),
        "application.approve_step": _("Approved a step of a case"),
        "application.bulk_approve": _("Approved cases in bulk"),
        "application.reject": _("Rejected a case"),
        "application.withdraw": _("Withdrew a case"),
        "application.close": _("Closed a case"),
        "application.disburse": _("Paid a case"),
        "application.document_seen": _("Saw an original document"),
        "application.document_upload": _("Uploaded a document"),
        "application.document_download": _("Downloaded a document"),
        "budget.set": _("Set a budget"),
        "disbursement.export": _("Exported payments"),
    }
)
audit.register_change_labels(
    {
        "amount_fen": _("amount"),
        "disbursement": _("payment"),
        "instalment": _("instalment"),
        "budget": _("budget"),
        "step": _("approval step"),
        "channel": _("channel"),
        "document": _("document"),
        "seen_original": _("original seen"),
        "payee_account": _("payee account"),
        "approval_steps": _("approval steps"),
        "budgets": _("budgets"),
    }
)
