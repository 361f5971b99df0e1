"""The estimate grid (issue 22), server side: a block pasted from a spreadsheet is read cell by
cell with the editor's own fields (Vietnamese and English number forms), saved in one
transaction checked against the versions the page showed, and what cannot be read comes back
on its cell; undo and redo reverse the person's own line changes through the audited service;
the page saved whole without JavaScript; the "new line" box of a section and insert above."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from kehoach.audit.models import AuditEntry
from kehoach.plans import grid, services
from kehoach.plans.models import EstimateLine


def test_parse_block_reads_spreadsheet_clipboard_text():
    text = 'a\t1.234.567\t"x\ty"\r\nb\t1,234,567\t"say ""hi"""\r\n'
    assert grid.parse_block(text) == [
        ["a", "1.234.567", "x\ty"],
        ["b", "1,234,567", 'say "hi"'],
    ]
    assert grid.parse_block("one\ntwo") == [["one"], ["two"]]
    assert grid.parse_block("\t\n") == [["", ""]]
    assert grid.parse_block('5"\t6') == [['5"', "6"]]


def test_clean_cell_reads_both_number_forms_and_keeps_blank_blank():
    assert grid.clean_cell("unit_price", "1.234.567") == Decimal(1234567)
    assert grid.clean_cell("unit_price", "1,234,567") == Decimal(1234567)
    assert grid.clean_cell("quantity", "1,5") == Decimal("1.5")
    assert grid.clean_cell("quantity", "") is None  # blank stays blank, never 0


def _lines(plan, section_code):
    section = plan.sections.get(code=section_code, parent__isnull=False)
    return section, list(section.lines.order_by("position", "id"))


def _paste(client, plan, line, field, rows, versions=None):
    text = "\r\n".join("\t".join(r) for r in rows) + "\r\n"
    shown = versions if versions is not None else {}
    return client.post(
        f"/ke-hoach/{plan.pk}/du-toan/dan/",
        {"line": line.pk, "field": field, "text": text, "versions": json.dumps(shown)},
        HTTP_ACCEPT="application/json",
    )


@pytest.mark.django_db
def test_paste_updates_lines_adds_the_rest_and_marks_unreadable_cells(plan, editor):
    section = plan.sections.exclude(lines=None).order_by("id").first()
    lines = list(section.lines.order_by("position", "id"))
    first = lines[0]
    count = len(lines)
    rows = [["2", "1.234.567"], ["3", "1,234,567"], ["x", "7"]]
    rows += [["4", "100.000"]] * (count + 1 - len(rows))
    rows.append(["5", "2.000.000"])  # one line more than the section holds
    versions = {str(ln.pk): ln.version for ln in lines}
    assert count > 2
    third_quantity = lines[2].quantity
    response = _paste(editor, plan, first, "quantity", rows, versions)
    assert response.status_code == 200
    data = response.json()
    first.refresh_from_db()
    assert (first.quantity, first.unit_price) == (Decimal(2), Decimal(1234567))
    if count > 1:
        second = lines[1]
        second.refresh_from_db()
        assert second.unit_price == Decimal(1234567)
    # The unreadable quantity is named by its cell; its price on the same row is saved.
    third = lines[2]
    third.refresh_from_db()
    assert third.quantity == third_quantity and third.unit_price == Decimal(7)
    assert [e["name"] for e in data["errors"]] == [f"line-{third.pk}-quantity"]
    assert data["errors"][0]["text"] == "x"
    # The row past the section's last line is a new line at its end.
    added = section.lines.order_by("-position", "-id").first()
    assert added.pk not in {ln.pk for ln in lines}
    assert (added.quantity, added.unit_price, added.content) == (5, 2000000, "Dòng mới")
    assert "1 ô không đọc được" in data["message"]
    assert f'id="line-{added.pk}"' in data["rows"] and "grand-total" in data["footer"]


@pytest.mark.django_db
def test_a_stale_paste_saves_nothing(plan, editor):
    _section, lines = _lines(plan, "I")
    first = lines[0]
    stale = {str(first.pk): first.version}
    services.line_update(
        user=_user("quantri"),
        line=first,
        data={"note": "đổi bởi người khác"},
        version=None,
    )
    before = list(EstimateLine.objects.filter(plan=plan).values_list("pk", "quantity"))
    response = _paste(editor, plan, first, "quantity", [["99"], ["98"]], stale)
    assert response.status_code == 409
    assert "người khác" in response.json()["message"]
    assert list(EstimateLine.objects.filter(plan=plan).values_list("pk", "quantity")) == before


def _user(name):
    from django.contrib.auth.models import User

    return User.objects.get(username=name)


@pytest.mark.django_db
def test_undo_and_redo_reverse_the_persons_own_changes_as_audited_changes(plan, editor):
    line = EstimateLine.objects.filter(plan=plan).exclude(unit_price=None).order_by("id").first()
    price = line.unit_price
    me = _user("bcxb")
    services.line_update(user=me, line=line, data={"unit_price": Decimal(111)}, version=None)
    services.line_update(user=me, line=line, data={"note": "ghi chú"}, version=None)
    url = f"/ke-hoach/{plan.pk}/du-toan/hoan-tac/"
    answer = editor.post(url, HTTP_ACCEPT="application/json")
    assert answer.status_code == 200 and "Đã hoàn tác" in answer.json()["message"]
    line.refresh_from_db()
    assert line.note == "" and line.unit_price == 111
    assert answer.json()["undo"] == {"undo": 1, "redo": 1}
    editor.post(url, HTTP_ACCEPT="application/json")
    line.refresh_from_db()
    assert line.unit_price == price
    # Each undo is an audited change naming the entry it reverses.
    undos = AuditEntry.objects.filter(plan=plan, actor=me, comment__startswith="undo:")
    assert undos.count() == 2
    redo = editor.post(url, {"redo": "1"}, HTTP_ACCEPT="application/json")
    assert redo.status_code == 200
    line.refresh_from_db()
    assert line.unit_price == 111 and line.note == ""
    # A new change clears what could be redone.
    services.line_update(user=me, line=line, data={"duration": "5 phút"}, version=None)
    refused = editor.post(url, {"redo": "1"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 409 and "làm lại" in refused.json()["message"]


@pytest.mark.django_db
def test_undo_refuses_when_someone_else_changed_the_line_since(plan, editor):
    line = EstimateLine.objects.filter(plan=plan).order_by("id").first()
    services.line_update(user=_user("bcxb"), line=line, data={"note": "của tôi"}, version=None)
    services.line_update(user=_user("quantri"), line=line, data={"note": "của họ"}, version=None)
    answer = editor.post(f"/ke-hoach/{plan.pk}/du-toan/hoan-tac/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 409 and "đã được sửa sau" in answer.json()["message"]
    line.refresh_from_db()
    assert line.note == "của họ"
    # Without JavaScript the same button answers with the page and its message.
    page = editor.post(f"/ke-hoach/{plan.pk}/du-toan/hoan-tac/", follow=True).content.decode()
    assert "đã được sửa sau" in page


@pytest.mark.django_db
def test_enter_in_a_sections_new_line_box_adds_to_that_section(plan, editor):
    """What a browser without JavaScript sends for Enter in section D's box: the page's form
    with its first button, the "save" button, and every field."""
    page = editor.get(f"/ke-hoach/{plan.pk}/du-toan/").content.decode()
    assert page.index('class="save-all"') < page.index('name="section"')
    last = plan.sections.filter(parent=None).order_by("-position").first()
    data = {f"content-{s.pk}": "" for s in plan.sections.all()}
    data[f"content-{last.pk}"] = "Dòng gõ ở mục cuối"
    response = editor.post(f"/ke-hoach/{plan.pk}/du-toan/luu/", data)
    assert response.status_code == 302
    line = EstimateLine.objects.get(plan=plan, content="Dòng gõ ở mục cuối")
    assert line.section_id == last.pk
    # The "add" button of section A pressed while only D's box holds text (old browsers).
    first = plan.sections.filter(parent=None).order_by("position").first()
    data[f"content-{last.pk}"] = "Lần hai"
    editor.post(f"/ke-hoach/{plan.pk}/du-toan/dong/them/", {**data, "section": first.pk})
    assert EstimateLine.objects.get(plan=plan, content="Lần hai").section_id == last.pk


@pytest.mark.django_db
def test_the_page_saved_whole_saves_changed_lines_only(plan, editor):
    line = EstimateLine.objects.filter(plan=plan).exclude(quantity=None).order_by("id").first()
    other = EstimateLine.objects.filter(plan=plan).exclude(pk=line.pk).order_by("id").first()
    versions = (line.version, other.version)
    data = {
        f"line-{line.pk}-quantity": "7",
        f"line-{line.pk}-version": str(line.version),
        f"line-{other.pk}-content": other.content,
        f"line-{other.pk}-version": str(other.version),
    }
    assert editor.post(f"/ke-hoach/{plan.pk}/du-toan/luu/", data).status_code == 302
    line.refresh_from_db()
    other.refresh_from_db()
    assert line.quantity == 7 and line.version == versions[0] + 1
    assert other.version == versions[1]


@pytest.mark.django_db
def test_insert_above_and_below_a_line(plan, editor):
    line = EstimateLine.objects.filter(plan=plan).order_by("section", "position", "id")[1]
    url = f"/ke-hoach/{plan.pk}/du-toan/dong/them/"
    editor.post(url, {"above": line.pk})
    editor.post(url, {"below": line.pk})
    order = list(line.section.lines.order_by("position", "id").values_list("pk", "content"))
    at = [pk for pk, _c in order].index(line.pk)
    assert order[at - 1][1] == "Dòng mới" and order[at + 1][1] == "Dòng mới"
    assert AuditEntry.objects.filter(plan=plan, action="plans.line.created").count() >= 2


@pytest.mark.django_db
def test_findings_are_in_words_beside_their_line_and_counted_in_a_bar_that_links_to_them(
    plan, editor
):
    import re

    page = editor.get(f"/ke-hoach/{plan.pk}/du-toan/").content.decode()
    beside = re.search(r'<div id="findings-\d+">(<p class="finding sev-(\w+)".*?</p>)', page)
    assert beside, "a line of the sample has a finding"
    word = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Gợi ý"}[beside.group(2)]
    finding = beside.group(1)
    # The severity as a word first, then the message, the code last and small.
    assert (
        finding.index(f'<strong class="sev">{word}:</strong>')
        < finding.index('<span class="message">')
        < finding.index('<small class="code">')
    )
    bar = page.split('<ul class="findings-bar">', 1)[1].split("</ul>", 1)[0]
    for anchor in re.findall(r'href="#(finding-\d+)"', bar):
        assert f'id="{anchor}"' in page
    counted = sum(int(n) for n in re.findall(r": (\d+)<", bar))
    assert counted == page.count('<li id="finding-')
    # Each finding of the list links to its line in the grid.
    for line_id in re.findall(r'<li id="finding-\d+"[^>]*>.*?href="#(line-\d+)"', page):
        assert f'id="{line_id}"' in page


@pytest.mark.django_db
def test_the_grids_save_answers_the_figures_and_the_findings_follow(plan, editor):
    """The grid asks for the findings after a save (X-Kehoach-Findings: later): the save's
    answer holds the recomputed figures only; the findings endpoint gives them beside the line."""
    line = EstimateLine.objects.get(plan=plan, content="Phóng sự ngắn", section__code="I")
    shown = {"number": line.number, "content": line.content, "duration": line.duration}
    data = {f"line-{line.pk}-{k}": v for k, v in shown.items()}
    data[f"line-{line.pk}-quantity"] = "20"
    data[f"line-{line.pk}-unit_price"] = "1.600.000"
    data[f"line-{line.pk}-version"] = str(line.version)
    answer = editor.post(
        f"/ke-hoach/{plan.pk}/du-toan/dong/{line.pk}/",
        data,
        HTTP_HX_REQUEST="true",
        HTTP_X_KEHOACH_FINDINGS="later",
    ).content.decode()
    assert f'id="total-{line.pk}" hx-swap-oob="true">32.000.000' in answer
    assert 'id="grand-total" hx-swap-oob="true">190.500.000' in answer
    assert "Một trăm chín mươi triệu năm trăm nghìn đồng" in answer
    assert f'id="v-{line.pk}"' in answer and "findings-" not in answer
    found = editor.get(f"/ke-hoach/{plan.pk}/du-toan/phat-hien/?lines={line.pk}").content
    beside = found.decode().split(f'id="findings-{line.pk}"', 1)[1].split("</div>", 1)[0]
    assert "NORM_EXCEEDED" in beside and "Lỗi" in beside
    assert 'id="findings-bar"' in found.decode()


def _all_lines(plan):
    return list(
        EstimateLine.objects.filter(plan=plan)
        .order_by("section__position", "section_id", "position", "id")
        .values_list("section_id", "content", "quantity", "unit_price")
    )


def _undo(editor, plan, redo=False):
    url = f"/ke-hoach/{plan.pk}/du-toan/hoan-tac/"
    answer = editor.post(url, {"redo": "1"} if redo else {}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 200, answer.content[:300]
    return answer.json()


@pytest.mark.django_db
def test_undo_brings_back_a_deleted_line_in_its_place_and_redo_deletes_it_again(plan, editor):
    me = _user("bcxb")
    start = _all_lines(plan)
    line = EstimateLine.objects.filter(plan=plan).exclude(unit_price=None).order_by("id")[1]
    services.line_update(user=me, line=line, data={"note": "trước khi xóa"}, version=None)
    services.line_delete(user=me, line=line)
    assert len(_all_lines(plan)) == len(start) - 1
    _undo(editor, plan)
    back = EstimateLine.objects.get(plan=plan, note="trước khi xóa")
    assert back.pk != line.pk  # a new row, in the old one's place, with every field
    assert (back.section_id, back.quantity, back.unit_price, back.content) == (
        line.section_id,
        line.quantity,
        line.unit_price,
        line.content,
    )
    assert _all_lines(plan) == start
    # the note set before the deletion is undone on the line brought back
    _undo(editor, plan)
    back.refresh_from_db()
    assert back.note == ""
    # redo twice: the note again, then the deletion again
    _undo(editor, plan, redo=True)
    _undo(editor, plan, redo=True)
    assert not EstimateLine.objects.filter(pk=back.pk).exists()
    assert len(_all_lines(plan)) == len(start) - 1
    assert AuditEntry.objects.filter(
        plan=plan, action="plans.line.deleted", comment__startswith="redo:"
    ).exists()


@pytest.mark.django_db
def test_undo_removes_an_inserted_line_and_puts_a_moved_line_back(plan, editor):
    me = _user("bcxb")
    start = _all_lines(plan)
    first = EstimateLine.objects.filter(plan=plan).order_by("section__position", "position")[0]
    services.line_insert(user=me, line=first, where="below", content="Dòng chèn")
    other = plan.sections.exclude(pk=first.section_id).order_by("-position").first()
    services.line_move(user=me, line=first, section=other)
    assert _all_lines(plan) != start
    answer = _undo(editor, plan)  # the move
    assert answer["undo"] == {"undo": 1, "redo": 1}
    first.refresh_from_db()
    assert first.section_id != other.pk
    _undo(editor, plan)  # the insertion
    assert _all_lines(plan) == start
    assert not EstimateLine.objects.filter(plan=plan, content="Dòng chèn").exists()
    _undo(editor, plan, redo=True)
    assert EstimateLine.objects.filter(plan=plan, content="Dòng chèn").count() == 1


@pytest.mark.django_db
def test_undo_of_an_addition_refuses_when_someone_else_changed_the_line(plan, editor):
    section = plan.sections.order_by("position").first()
    new = services.line_create(user=_user("bcxb"), section=section, content="Dòng của tôi")
    services.line_update(user=_user("quantri"), line=new, data={"note": "của họ"}, version=None)
    answer = editor.post(f"/ke-hoach/{plan.pk}/du-toan/hoan-tac/", HTTP_ACCEPT="application/json")
    assert answer.status_code == 409 and "đã được sửa sau" in answer.json()["message"]
    assert EstimateLine.objects.filter(pk=new.pk).exists()
