"""finance's audit actions in words (`core.audit.register_action_labels`)."""

from django.utils.translation import gettext_lazy as _

from rencai.core import audit

audit.register_action_labels(
    {
        "loan.apply": _("Applied for a start-up loan"),
        "loan.withdraw": _("Withdrew a loan application"),
        "loan.check_documents": _("Checked a loan's documents"),
        "loan.approve_guarantee": _("Approved a loan's guarantee"),
        "loan.approve": _("Approved a loan"),
        "loan.reject": _("Rejected a loan"),
        "loan.sign_contract": _("Signed a loan contract"),
        "loan.disburse": _("Paid out a loan"),
        "loan.repay": _("Recorded a repayment"),
        "loan.extend": _("Extended a loan"),
        "loan.record_overdue": _("Recorded an overdue loan"),
        "loan.record_default": _("Recorded a default"),
        "loan.export": _("Exported loans"),
        "loan.claim_export": _("Exported an interest-subsidy claim"),
        "loan.reveal": _("Revealed a borrower's full numbers"),
    }
)
audit.register_change_labels(
    {
        "contract_rate_bp": _("contract rate (basis points)"),
        "borrower_rate_bp": _("borrower's rate (basis points)"),
        "lpr_bp": _("LPR (basis points)"),
        "subsidy_slot": _("subsidy place"),
        "bank": _("banks"),
        "coop": _("co-operative loan"),
        "september": _("September loans"),
        "waiting": _("waiting"),
    }
)
