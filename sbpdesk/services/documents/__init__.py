"""The data of every printed document, gathered from the book (decision 0060).

One module per document family — `receipts`, `dossier` (01/TD, 01/UQ, contracts),
`proposals` (03/TD, 04/TD), `statements` (13/TD), `session` (the session report), `lists`
(due lists, public notice), `loanbook` — each `(book, key…) -> dataclass` of `data` /
`data_tables`; `common` holds the shared look-ups and the accounts replayed from the
journal; `catalogue.build` maps a print selector to its data. They only read. `printing`
renders these dataclasses and never reads the book (an import-linter contract).
"""
