"""Writes for tech projects: one function per use case, each in one transaction, each audited."""

from .expertise import save_expertise
from .matching import answer_proposal, propose_match, record_outcome, withdraw_proposal
from .posting import close_project, post_project

__all__ = [
    "answer_proposal",
    "close_project",
    "post_project",
    "propose_match",
    "record_outcome",
    "save_expertise",
    "withdraw_proposal",
]
