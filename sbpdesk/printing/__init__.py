"""Printed documents: one function per document, `data -> PDF bytes` (ReportLab platypus).

Printing renders, it does not query: the data classes and their gathering from the book are
in `services.documents` (decision 0060); shared layout in `layout`; the bundled fonts in
`fonts`; `record` renders a selector's document and records the print.
"""
from __future__ import annotations

from .dossier import render_application, render_authorisation, render_contract
from .duelists import render_due_list
from .loanbook import render_loanbook
from .notice import render_notice
from .proposals import render_approval, render_proposal
from .receipts import render_receipt
from .relieflist import render_relief_list
from .session import render_session_report
from .statement import render_statement

__all__ = [
    "render_application", "render_approval", "render_authorisation", "render_contract",
    "render_due_list", "render_loanbook", "render_notice", "render_proposal",
    "render_receipt", "render_relief_list", "render_session_report", "render_statement",
]
