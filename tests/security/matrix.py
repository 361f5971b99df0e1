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

A second table, ``CASES``, holds the answers that depend on an object's state or on the data
posted — the tables that were kept per app before (tests/{web,execution,outcomes,reports,
conference}/test_access.py, folded in here): a contractor on its own contract and on another
station's, valid forms, unknown formats, an outsider of a province with no data at all
(``ag-editor``, An Giang). Its answers have one character per person of ``CASE_PEOPLE``;
``-`` means "not asked here" (the same URL's row in ``MATRIX`` asks that person).

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
    # contract (another station's contract answers it 404: CASES below)
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


# The people of CASES: those of PEOPLE, and an editor of An Giang's department (no plans).
CASE_PEOPLE = [*PEOPLE[:-1], "ag-editor", None]
CASE_LABELS = [*LABELS[:-1], "outsider-empty", "anonymous"]

# (origin, method, path, answers). The origin names the objects and the data posted:
# {p} the sample plan (a draft), {l} a line, {a} an activity of it; {sp} a copy of the sample
# approved with every contract signed, {c} Đài Chợ Gạo's contract (the contractor's own), {o}
# Đài Cái Bè's, {cl} a line of {c}, {d}/{do} a deliverable of {c}/{o}, {r} a reported airing,
# {m} minutes, {pay} a payment; {sv} a service of the catalogue, {j} a statistics import;
# {conf} the sample's conference, {ci} content sent to Chợ Gạo, {co} content sent to Cái Bè only.
CASES: list[tuple[str, str, str, str]] = [
    # from tests/web/test_access.py
    ("web", "GET", "/ke-hoach/", "2222222-2L"),
    ("web", "GET", "/ke-hoach/tao-moi/", "242444N-2L"),
    ("web", "GET", "/ke-hoach/nhap/", "242444N-2L"),
    ("web", "GET", "/ke-hoach/dinh-muc/", "222222N-2L"),
    ("web", "GET", "/ke-hoach/{p}/", "222222N-NL"),
    ("web", "GET", "/ke-hoach/{p}/sua/", "242444N-NL"),
    ("web", "GET", "/ke-hoach/{p}/cac-phan/", "242444N-NL"),
    ("web", "GET", "/ke-hoach/{p}/hoat-dong/{a}/", "242444N-NL"),
    ("web", "GET", "/ke-hoach/{p}/du-toan/", "242444N-NL"),
    ("web", "GET", "/ke-hoach/{p}/lich-su/", "222222N-NL"),
    ("web", "GET", "/ke-hoach/{p}/ban-in/", "222222N-NL"),
    ("web", "GET", "/ke-hoach/{p}/tai-ve/xlsx/", "222222N-NL"),
    ("web", "GET", "/ke-hoach/{p}/sao-chep/", "242444N-NL"),
    ("web", "GET", "/ke-hoach/{p}/ban-hanh/", "444424N-NL"),
    ("web", "POST", "/ke-hoach/{p}/du-toan/dong/{l}/", "242444N-NL"),
    ("web", "POST", "/ke-hoach/{p}/du-toan/dong/them/", "343444N-NL"),
    ("web", "POST", "/ke-hoach/{p}/du-toan/muc/them/", "343444N-NL"),
    ("web", "POST", "/ke-hoach/{p}/du-toan/dong/{l}/di-chuyen/", "343444N-NL"),
    ("web", "POST", "/ke-hoach/{p}/phe-duyet/", "434444N-NL"),
    ("web", "POST", "/ke-hoach/{p}/tra-lai/", "434444N-NL"),
    ("web", "POST", "/ke-hoach/{p}/trinh/", "343444N-NL"),
    ("web", "POST", "/ke-hoach/{p}/dieu-chinh/", "343444N-NL"),
    ("web", "POST", "/ke-hoach/dinh-muc/", "344344N-4L"),
    # from tests/execution/test_access.py
    ("execution", "GET", "/thuc-hien/", "2222222-2L"),
    ("execution", "GET", "/thuc-hien/ke-hoach/{sp}/", "222222N-NL"),
    ("execution", "POST", "/thuc-hien/ke-hoach/{sp}/de-xuat/", "343444N-NL"),
    ("execution", "POST", "/thuc-hien/ke-hoach/{sp}/ngan-sach/", "343444N-NL"),
    ("execution", "POST", "/thuc-hien/ke-hoach/{sp}/khoan-chi/", "444344N-NL"),
    ("execution", "GET", "/thuc-hien/hop-dong/{c}/", "2222222-NL"),
    ("execution", "GET", "/thuc-hien/hop-dong/{o}/", "222222N-NL"),
    ("execution", "POST", "/thuc-hien/hop-dong/{c}/sua/", "3434444-NL"),
    ("execution", "POST", "/thuc-hien/hop-dong/{c}/dong/{cl}/", "3434444-NL"),
    ("execution", "GET", "/thuc-hien/hop-dong/{c}/bao-cao/{d}/", "2424442-NL"),
    ("execution", "POST", "/thuc-hien/hop-dong/{c}/bao-cao/{d}/", "3434443-NL"),
    ("execution", "GET", "/thuc-hien/hop-dong/{o}/bao-cao/{do}/", "242444N-NL"),
    ("execution", "POST", "/thuc-hien/hop-dong/{o}/bao-cao/{do}/", "343444N-NL"),
    ("execution", "POST", "/thuc-hien/hop-dong/{c}/ban-ghi/{r}/xac-nhan/", "3434444-NL"),
    ("execution", "GET", "/thuc-hien/hop-dong/{c}/ban-ghi/{r}/minh-chung/", "2222222-NL"),
    ("execution", "POST", "/thuc-hien/hop-dong/{c}/nghiem-thu/", "4343444-NL"),
    ("execution", "GET", "/thuc-hien/hop-dong/{c}/bien-ban/{m}/pdf/", "2222222-NL"),
    ("execution", "GET", "/thuc-hien/hop-dong/{c}/bang-ke/csv/", "2222222-NL"),
    ("execution", "GET", "/thuc-hien/hop-dong/{o}/bang-ke/xlsx/", "222222N-NL"),
    ("execution", "POST", "/thuc-hien/hop-dong/{c}/thanh-toan/", "4443444-NL"),
    ("execution", "POST", "/thuc-hien/hop-dong/{c}/thanh-toan/{pay}/xac-nhan/", "4443444-NL"),
    # from tests/outcomes/test_access.py
    ("outcomes", "GET", "/ket-qua/", "222222N-2L"),
    ("outcomes", "GET", "/ket-qua/bieu-do/ty-le-truc-tuyen.png", "222222N-2L"),
    ("outcomes", "GET", "/ket-qua/dich-vu/", "222222N-2L"),
    ("outcomes", "GET", "/ket-qua/dich-vu/them/", "242244N-2L"),
    ("outcomes", "POST", "/ket-qua/dich-vu/them/", "343344N-3L"),
    ("outcomes", "GET", "/ket-qua/nhap/", "222222N-2L"),
    ("outcomes", "POST", "/ket-qua/nhap/", "343344N-3L"),
    ("outcomes", "GET", "/ket-qua/dich-vu/{sv}/", "222222N-NL"),
    ("outcomes", "POST", "/ket-qua/dich-vu/{sv}/", "343344N-NL"),
    ("outcomes", "GET", "/ket-qua/nhap/{j}/", "222222N-NL"),
    ("outcomes", "GET", "/ket-qua/nhap/{j}/loi.csv", "222222N-NL"),
    ("outcomes", "GET", "/ket-qua/nhap/{j}/tep/", "222222N-NL"),
    ("outcomes", "GET", "/ket-qua/ke-hoach/{p}/", "222222N-NL"),
    ("outcomes", "GET", "/ket-qua/ke-hoach/{p}/bieu-do.png", "222222N-NL"),
    ("outcomes", "GET", "/ket-qua/ke-hoach/{p}/huyen.svg", "222222N-NL"),
    # from tests/reports/test_access.py
    ("reports", "GET", "/bao-cao/", "222222N2-L"),
    ("reports", "POST", "/bao-cao/", "MMMMMMMM-L"),
    ("reports", "GET", "/bao-cao/ke-hoach/{p}/", "222222NN-L"),
    ("reports", "POST", "/bao-cao/ke-hoach/{p}/", "MMMMMMMM-L"),
    ("reports", "GET", "/bao-cao/ke-hoach/{p}/san-pham/?stage=accepted", "222222NN-L"),
    ("reports", "GET", "/bao-cao/ke-hoach/{p}/tien-do.svg", "222222NN-L"),
    ("reports", "GET", "/bao-cao/ke-hoach/{p}/tien-do.gif", "NNNNNNNN-L"),
    ("reports", "GET", "/bao-cao/ke-hoach/{p}/bao-cao-ket-qua/", "222222NN-L"),
    ("reports", "POST", "/bao-cao/ke-hoach/{p}/bao-cao-ket-qua/", "343444NN-L"),
    ("reports", "GET", "/bao-cao/ke-hoach/{p}/bao-cao-ket-qua/ban-hanh/", "444424NN-L"),
    ("reports", "POST", "/bao-cao/ke-hoach/{p}/bao-cao-ket-qua/ban-hanh/", "444434NN-L"),
    ("reports", "GET", "/bao-cao/ke-hoach/{p}/bao-cao-ket-qua.docx", "222222NN-L"),
    ("reports", "GET", "/bao-cao/ke-hoach/{p}/bao-cao-ket-qua.xlsx", "NNNNNNNN-L"),
    ("reports", "GET", "/bao-cao/ke-hoach/{p}/de-cuong.docx", "222222NN-L"),
    ("reports", "POST", "/bao-cao/ke-hoach/{p}/de-cuong.docx", "MMMMMMMM-L"),
    # from tests/conference/test_access.py
    ("conference", "GET", "/hoi-nghi/ke-hoach/{p}/", "222222NN-L"),
    ("conference", "POST", "/hoi-nghi/ke-hoach/{p}/", "343444NN-L"),
    ("conference", "GET", "/hoi-nghi/ke-hoach/{p}/noi-dung/", "222222NN-L"),
    ("conference", "POST", "/hoi-nghi/ke-hoach/{p}/noi-dung/", "343444NN-L"),
    ("conference", "GET", "/hoi-nghi/ke-hoach/{p}/giam-sat/", "222222NN-L"),
    ("conference", "POST", "/hoi-nghi/ke-hoach/{p}/giam-sat/", "343444NN-L"),
    ("conference", "GET", "/hoi-nghi/{conf}/", "222222NN-L"),
    ("conference", "POST", "/hoi-nghi/{conf}/", "343444NN-L"),
    ("conference", "GET", "/hoi-nghi/{conf}/dai-bieu/", "242444NN-L"),
    ("conference", "POST", "/hoi-nghi/{conf}/dai-bieu/", "343444NN-L"),
    ("conference", "GET", "/hoi-nghi/{conf}/diem-danh/", "242444NN-L"),
    ("conference", "POST", "/hoi-nghi/{conf}/diem-danh/", "343444NN-L"),
    ("conference", "GET", "/hoi-nghi/{conf}/giay-moi/docx/", "222224NN-L"),
    ("conference", "GET", "/hoi-nghi/{conf}/giay-moi/pdf/", "222224NN-L"),
    ("conference", "POST", "/hoi-nghi/{conf}/giay-moi/pdf/", "MMMMMMMM-L"),
    ("conference", "GET", "/hoi-nghi/{conf}/danh-sach-ky-ten/", "222224NN-L"),
    ("conference", "GET", "/hoi-nghi/{conf}/kinh-phi/", "MMMMMMMM-L"),
    ("conference", "POST", "/hoi-nghi/{conf}/kinh-phi/", "343444NN-L"),
    ("conference", "POST", "/hoi-nghi/{conf}/an-danh/", "343444NN-L"),
    ("conference", "GET", "/hoi-nghi/noi-dung/{ci}/tai-ve/", "2222222N-L"),
    ("conference", "GET", "/hoi-nghi/noi-dung/{co}/tai-ve/", "222222NN-L"),
    ("conference", "POST", "/hoi-nghi/noi-dung/{ci}/gan/", "343444NN-L"),
    ("conference", "GET", "/hoi-nghi/dai/", "22222222-L"),
]
