"""The authorisation matrix: the expected answer of every URL, for every person, to GET and POST.

One row per URL name; each answer string has one character per person, in the order of
``PEOPLE``:

    A admin   P approver   E editor   F finance   C records clerk   V viewer (read-only)
    K contractor (a district station of the same province)   O a member of another province
    X anonymous

    2 = 200   3 = redirect (302, not to the login page)   4 = 403   N = 404   M = 405
    L = redirect to the login page

The URLs' objects are the owning organisation's (Tiền Giang's department); a new URL without a
row fails the test, so no view escapes the table. ``docs/security.md`` shows this table.

The JSON API (``/api/v1/``, issue 13) authenticates with tokens, not sessions: it has its own
table, over every operation of its OpenAPI description, in ``tests/api/test_access.py``; this
test skips its URL namespace.
"""

from __future__ import annotations

PEOPLE = ["quantri", "giamdoc", "bcxb", "khtc", "vanthu", "ubnd", "dai-chogao", "dt-bcxb", None]
LABELS = [
    "admin",
    "approver",
    "editor",
    "finance",
    "clerk",
    "viewer",
    "contractor",
    "outsider",
    "anonymous",
]

# name: (GET, POST)
MATRIX: dict[str, tuple[str, str]] = {
    "home": ("333333333", "333333333"),
    "login": ("222222222", "222222222"),
    "logout": ("MMMMMMMMM", "LLLLLLLLL"),
    "set_language": ("333333333", "333333333"),
    # issue 23: every person's to-do list, and their e-mail notices switch
    "todo": ("22222222L", "MMMMMMMML"),
    "notice_setting": ("MMMMMMMML", "33333333L"),
    # plans: lists and creation (the outsider acts in their own province)
    "plans:list": ("22222222L", "MMMMMMMML"),
    "plans:create": ("242444N2L", "242444N2L"),
    "plans:import": ("242444N2L", "242444N2L"),
    "plans:import_preview": ("N42444NNL", "N43444NNL"),
    "plans:norms": ("222222N2L", "244244N4L"),
    "plans:norms_import": ("MMMMMMMML", "344344N4L"),
    "plans:norms_copy_examples": ("MMMMMMMML", "344344N4L"),
    # plans: a draft plan
    "plans:detail": ("222222NNL", "MMMMMMMML"),
    "plans:edit": ("242444NNL", "242444NNL"),
    "plans:parts": ("242444NNL", "242444NNL"),
    "plans:activity_items": ("242444NNL", "242444NNL"),
    "plans:estimate": ("242444NNL", "MMMMMMMML"),
    "plans:history": ("222222NNL", "MMMMMMMML"),
    "plans:print": ("222222NNL", "MMMMMMMML"),
    "plans:download": ("222222NNL", "MMMMMMMML"),
    "plans:clone": ("242444NNL", "242444NNL"),
    "plans:issue": ("444424NNL", "444424NNL"),
    "plans:line_update": ("MMMMMMMML", "242444NNL"),
    "plans:line_add": ("MMMMMMMML", "343444NNL"),
    "plans:estimate_save": ("MMMMMMMML", "343444NNL"),
    "plans:estimate_paste": ("MMMMMMMML", "242444NNL"),
    "plans:estimate_undo": ("MMMMMMMML", "343444NNL"),
    "plans:estimate_findings": ("242444NNL", "MMMMMMMML"),
    "plans:section_add": ("MMMMMMMML", "343444NNL"),
    "plans:line_move": ("MMMMMMMML", "343444NNL"),
    "plans:line_delete": ("MMMMMMMML", "343444NNL"),
    # workflow steps (issue 17): GET is the confirmation page, POST the step itself
    "plans:submit": ("242444NNL", "343444NNL"),
    "plans:approve": ("424444NNL", "434444NNL"),
    "plans:return": ("424444NNL", "434444NNL"),
    "plans:revise": ("MMMMMMMML", "343444NNL"),
    # an issued plan's frozen file
    "plans:version_file": ("222222NNL", "MMMMMMMML"),
    # outcomes (issue 8): statistics, catalogue, imports, indicators and charts
    "outcomes:dashboard": ("222222N2L", "MMMMMMMML"),
    "outcomes:online_chart": ("222222N2L", "MMMMMMMML"),
    "outcomes:services": ("222222N2L", "MMMMMMMML"),
    "outcomes:service_create": ("242244N2L", "242244N2L"),
    "outcomes:service_edit": ("222222NNL", "242244NNL"),
    "outcomes:imports": ("222222N2L", "242244N2L"),
    "outcomes:import_detail": ("222222NNL", "MMMMMMMML"),
    "outcomes:import_errors": ("222222NNL", "MMMMMMMML"),
    "outcomes:import_file": ("222222NNL", "MMMMMMMML"),
    # issue 18: confirming a preview and undoing an import are POST only, for those who edit
    "outcomes:import_confirm": ("MMMMMMMML", "343344NNL"),
    "outcomes:import_undo": ("MMMMMMMML", "343344NNL"),
    "outcomes:plan": ("222222NNL", "MMMMMMMML"),
    "outcomes:plan_chart": ("222222NNL", "MMMMMMMML"),
    "outcomes:plan_district": ("222222NNL", "MMMMMMMML"),
    # execution: the approved sample's contracts; the contractor is Đài Chợ Gạo, on its own
    # contract (another station's contract answers it 404: tests/execution/test_access.py)
    "execution:home": ("22222222L", "MMMMMMMML"),
    "execution:plan": ("222222NNL", "MMMMMMMML"),
    "execution:propose": ("MMMMMMMML", "343444NNL"),
    "execution:budget": ("MMMMMMMML", "343444NNL"),
    "execution:expense_add": ("MMMMMMMML", "444344NNL"),
    "execution:contract": ("2222222NL", "MMMMMMMML"),
    "execution:contract_edit": ("MMMMMMMML", "3434444NL"),
    "execution:contract_line": ("MMMMMMMML", "3434444NL"),
    "execution:report": ("2424442NL", "2424442NL"),
    "execution:verify": ("MMMMMMMML", "3434444NL"),
    "execution:evidence": ("2222222NL", "MMMMMMMML"),
    # GET: the confirmation page (a voucher without its number and date goes back: 302)
    "execution:accept": ("4242444NL", "4343444NL"),
    "execution:minutes_file": ("2222222NL", "MMMMMMMML"),
    "execution:annex": ("2222222NL", "MMMMMMMML"),
    "execution:payment_add": ("MMMMMMMML", "4443444NL"),
    "execution:payment_paid": ("4443444NL", "4443444NL"),
    # public (issue 12): the catalogue and the redirector answer everyone, logged in or not;
    # links and QR codes of a plan: staff read, editors and admins make them
    "public:index": ("222222222", "MMMMMMMMM"),
    "public:catalogue": ("222222222", "MMMMMMMMM"),
    "public:service": ("222222222", "MMMMMMMMM"),
    "public:short_link": ("333333333", "MMMMMMMMM"),
    "public:plan_links": ("222222NNL", "242444NNL"),
    "public:qr": ("222222NNL", "MMMMMMMML"),
    # reports (issue 9): dashboards and documents for staff; the lead division writes the final
    # report's text, the records clerk issues it (POST {} re-shows the clerk's form)
    "reports:department": ("222222N2L", "MMMMMMMML"),
    "reports:plan": ("222222NNL", "MMMMMMMML"),
    "reports:records": ("222222NNL", "MMMMMMMML"),
    "reports:progress_chart": ("222222NNL", "MMMMMMMML"),
    "reports:final": ("222222NNL", "343444NNL"),
    "reports:final_issue": ("444424NNL", "444424NNL"),
    "reports:final_download": ("222222NNL", "MMMMMMMML"),
    "reports:outline": ("222222NNL", "MMMMMMMML"),
    # API tokens (issue 13): everyone manages their own; someone else's token is 404 — but the
    # administrator of the owner's organisation may revoke it (issue 21)
    "account:tokens": ("22222222L", "22222222L"),
    "account:token_revoke": ("MMMMMMMML", "3N3NNNNNL"),
    # conference, content, supervision (issue 7): staff read the plan's part; delegates'
    # names (personal data), the invitation, the sign-in sheet and check-in are the
    # organisers' (editor, admin); a station downloads what was sent to it
    "conference:plan": ("222222NNL", "343444NNL"),
    "conference:content": ("222222NNL", "343444NNL"),
    "conference:supervision": ("222222NNL", "343444NNL"),
    "conference:detail": ("222222NNL", "343444NNL"),
    "conference:delegates": ("242444NNL", "343444NNL"),
    "conference:check_in": ("242444NNL", "343444NNL"),
    "conference:invitation": ("222224NNL", "MMMMMMMML"),
    "conference:sign_in": ("222224NNL", "MMMMMMMML"),
    # the organisations' document details and own templates (issue 19): their administrator
    "accounts:organisation_list": ("24444444L", "MMMMMMMML"),
    "accounts:organisation_edit": ("2NNNNNNNL", "2NNNNNNNL"),
    "conference:funding": ("MMMMMMMML", "343444NNL"),
    "conference:anonymise": ("MMMMMMMML", "343444NNL"),
    "conference:content_download": ("2222222NL", "MMMMMMMML"),
    "conference:content_assign": ("MMMMMMMML", "343444NNL"),
    "conference:station": ("22222222L", "MMMMMMMML"),
}
