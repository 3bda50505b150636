"""docs/access.md, generated from the access table (services.auth.ACCESS).

    python -m sbpdesk.services.access_doc > docs/access.md

tests/services/test_access.py fails when the committed file differs from `render()`, so the
page a reader audits is the table the services consult.
"""
from __future__ import annotations

from sbpdesk.services import auth
from sbpdesk.services.auth import ACCESS, ANY, OFFICE, POINT, REVERSE, ROLE_LABELS, ROLES

INTRO = """# Who may do what (access table)

Generated from `sbpdesk/services/auth.py` (`ACCESS`) by
`python -m sbpdesk.services.access_doc > docs/access.md`; a test fails when this page and the
table differ. Decisions 0135 and 0136 say why it is shaped this way.

**What is promised.** Every operation is recorded by `posting.post` (and the bulk opening
`opening.post_many`), which asks `auth.may(role, kind, scope)` for the signed-in user before
anything is decided: a user whose roles are not in the kind's column for this book (a laptop
book is the *point* scope, the office book the *office* scope) gets `role_refused`, in
Vietnamese and English, and nothing is written. A kind with an approver needs that person's
own sign-in (`Approval`: username and password, verified by the service), never a name. A
reversal (`op.reverse`) additionally needs a role of at least the rank of the roles that post
the reversed kind (teller 1 < controller 2 < credit officer = accountant 3 < director 4; the
administrator's kinds are reversed by an administrator). On a laptop, an operation on an
account of a point the laptop is not enrolled for is refused (`other_point`).

At import the office stores every operation a laptop sends exactly as received, and rejects
(listed in review, the verdict sent back to the laptop) any that: is an office-only kind
(`office_only_kind`), touches an account of a point the laptop is not enrolled for
(`other_point`), reverses an office decision or an office operation
(`reverses_office_decision`), reverses another laptop's operation (`reverses_other_origin`),
or reverses a kind that is never reversed (`not_reversible`). The actor's roles are checked
where the operation was decided (the laptop's signature covers the actor); the office does
not re-judge a recorded cash fact against roles that changed later.

**How it is tested.** `tests/services/test_access.py`: every cell of the table against the
gate every service uses, and refusals through the typed verbs of each service (reversal of a
write-off and of a loan approval by a teller, decisions by the wrong office role, the credit
officer's work); `tests/sync/test_import_access.py`: real bundles from an enrolled laptop
carrying an out-of-scope collection and a reversal of an office decision are rejected with
their reason and change no balance.

Roles: """

def _label(role: str) -> str:
    vi, en = ROLE_LABELS[role]
    return f"{vi} / {en}"


def _who(kind: str, scope: str, action: str = auth.POST) -> str:
    return ", ".join(r for r in ROLES if auth.may(r, kind, scope, action)) or "–"


def render() -> str:
    roles = "; ".join(f"`{r}` {_label(r)}" for r in ROLES) + "."
    lines = [INTRO + roles, "",
             "*Approver*: the role whose holder signs in to approve (`*`: any other user).",
             "*Reversed by*: who may post `op.reverse` of it in that book (a point reverses",
             "only its own operations, while their session is open).", "",
             "| kind | posted at a point by | posted at the office by | approver "
             "| reversed at a point by | reversed at the office by |",
             "|---|---|---|---|---|---|"]
    for kind in sorted(ACCESS):
        grant = ACCESS[kind]
        approver = {None: "–", ANY: "*"}.get(grant.approver, grant.approver)
        lines.append(f"| `{kind}` | {_who(kind, POINT)} | {_who(kind, OFFICE)} | {approver} "
                     f"| {_who(kind, POINT, REVERSE)} | {_who(kind, OFFICE, REVERSE)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
