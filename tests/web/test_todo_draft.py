"""Issue 23: the "Việc cần làm" items that start from a draft plan (the approver's plan to
approve, the editor's returned plan), e-mail notices when something lands in a person's list,
and the example norms. Apart from tests/web/test_todo.py, whose tests share the executed sample
per module: these need the draft plan."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import translation

from kehoach.execution import demo as execution_demo
from kehoach.plans import services as plan_services
from kehoach.plans.models import Plan
from tests.web.test_todo import follow_item, sign_in, submit


def test_the_approver_lands_on_its_list_and_opens_the_submitted_plan(plan):
    submit(plan)
    # the reason is kept when the checks found errors; the sample has none
    Plan.objects.filter(pk=plan.pk).update(submit_reason="Trình để thử")
    row = follow_item("giamdoc", "approve")
    assert "Trình để thử" in row  # the submitter's reason
    assert re.search(r"\d\d/\d\d/\d{4}", row)


def test_the_editor_sees_the_plan_returned_to_it(plan):
    submit(plan)
    plan_services.plan_return(
        user=User.objects.get(username="giamdoc"), plan=plan, comment="Sửa dự toán"
    )
    follow_item("bcxb", "returned")


# -- notices --------------------------------------------------------------------------------------


def with_emails() -> None:
    for user in User.objects.all():
        user.email = f"{user.username}@example.invalid"
        user.save(update_fields=["email"])


def test_submitting_a_plan_emails_the_approver_not_the_submitter(
    plan, django_capture_on_commit_callbacks
):
    with_emails()
    with django_capture_on_commit_callbacks(execute=True):
        submit(plan)
    assert [m.to for m in mail.outbox] == [["giamdoc@example.invalid"]]
    assert "Kế hoạch chờ phê duyệt" in mail.outbox[0].subject
    assert reverse("todo") in mail.outbox[0].body


def test_the_notice_is_in_the_sites_language_whoever_pressed_the_button(
    plan, django_capture_on_commit_callbacks
):
    with_emails()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        submit(plan)  # the editor works on the English screen; the approver reads Vietnamese
    [notice] = mail.outbox
    assert notice.subject.startswith("[kehoach] Kế hoạch chờ phê duyệt:")
    assert f"Kế hoạch: {plan}" in notice.body
    assert "Xem danh sách việc cần làm" in notice.body
    assert "Plan" not in notice.body and "to-do" not in notice.body


def test_a_person_who_turned_notices_off_gets_no_email(plan, django_capture_on_commit_callbacks):
    with_emails()
    client, _landed = sign_in("giamdoc")
    response = client.post(reverse("notice_setting"), {})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        submit(plan)
    assert mail.outbox == []
    client.post(reverse("notice_setting"), {"email_notices": "on"})
    plan_services.plan_return(
        user=User.objects.get(username="giamdoc"), plan=plan, comment="Sửa lại"
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(plan)
    assert [m.to for m in mail.outbox] == [["giamdoc@example.invalid"]]


def test_approving_emails_the_clerk_and_returning_emails_the_editor(
    plan, django_capture_on_commit_callbacks
):
    with_emails()
    submit(plan)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_return(
            user=User.objects.get(username="giamdoc"), plan=plan, comment="Sửa lại"
        )
    assert [m.to for m in mail.outbox] == [["bcxb@example.invalid"]]
    mail.outbox.clear()
    submit(plan)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_approve(user=User.objects.get(username="giamdoc"), plan=plan)
    assert [m.to for m in mail.outbox] == [["vanthu@example.invalid"]]


def test_an_airing_report_emails_the_editors_and_an_acceptance_emails_finance(
    plan, django_capture_on_commit_callbacks
):
    with_emails()
    with django_capture_on_commit_callbacks(execute=True):
        execution_demo.load(force=True)
    to = {tuple(m.to) for m in mail.outbox}
    # the editors of the department (the admin edits too) and finance; never the station
    assert ("bcxb@example.invalid",) in to
    assert ("khtc@example.invalid",) in to
    assert ("dai-chogao@example.invalid",) not in to


# -- the example norms ----------------------------------------------------------------------------


def test_the_example_norms_show_as_examples_with_their_source_and_finance_copies_them(demo):
    from kehoach.audit.models import AuditEntry
    from kehoach.plans.models import PriceNorm

    example = PriceNorm.objects.filter(is_example=True).first()
    assert example is not None
    finance, _landed = sign_in("khtc")
    page = finance.get(reverse("plans:norms")).content.decode()
    assert 'id="dinh-muc-minh-hoa"' in page
    assert '<span class="tag">minh họa</span> ' + example.legal_source in page
    assert "Chưa có định mức nào." in page  # the organisation's own set is still empty
    response = finance.post(reverse("plans:norms_copy_examples"), follow=True)
    assert "Đã sao chép" in response.content.decode()
    org = User.objects.get(username="khtc").memberships.get().organisation.root()
    examples = PriceNorm.objects.filter(is_example=True).count()
    assert PriceNorm.objects.filter(organisation=org, is_example=False).count() == examples
    entry = AuditEntry.objects.get(action="plans.norm.examples_copied")
    assert entry.after["copied"] == examples
    again = finance.post(reverse("plans:norms_copy_examples"), follow=True).content.decode()
    assert "không có gì để sao chép" in again
    assert PriceNorm.objects.filter(organisation=org).count() == examples


def test_an_editor_may_not_copy_the_example_norms(demo):
    editor, _landed = sign_in("bcxb")
    assert editor.post(reverse("plans:norms_copy_examples")).status_code == 403
    page = editor.get(reverse("plans:norms")).content.decode()
    assert "Sao chép vào bộ định mức" not in page
