"""The bridge to the bank's core system: its Excel exports read (`reader`, with the office's
column mapping in `mapping.toml`), written in its layout from a demo book (`exports`), an
office book seeded from them (`seed`) and reconciled against them (`reconcile`).
Layer: beside sync and reports (it uses services, never the UI); docs/core-bridge.md."""
