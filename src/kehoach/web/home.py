"""The "Việc cần làm" page (issue 23): the home of every role, and the notices switch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kehoach.web import notices, todo


@login_required
@require_GET
def todo_page(request: HttpRequest) -> HttpResponse:
    items = todo.items_for(request.user)
    return render(
        request,
        "web/todo.html",
        {
            "items": items,
            "staff": todo.is_staff(request.user),
            "email_notices": notices.wants_email(request.user),
        },
    )


@login_required
@require_POST
def notice_setting(request: HttpRequest) -> HttpResponse:
    on = request.POST.get("email_notices") == "on"
    notices.set_email(request.user, on)
    messages.success(
        request,
        _("Đã bật thư báo việc cần làm.") if on else _("Đã tắt thư báo việc cần làm."),
    )
    return redirect("todo")
