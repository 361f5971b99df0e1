"""The profile page where a person creates and revokes their API tokens (issue 13).
Views: authorise, bind a form, call one service, render or redirect (docs/conventions.md §4)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kehoach.accounts.access import get_token_for_user, tokens_managed_by
from kehoach.api import selectors, services
from kehoach.api.models import Scope
from kehoach.errors import DomainError
from kehoach.web.language import say


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên mã (để nhận ra, ví dụ: phần mềm phát sóng)"),
        max_length=100,
        required=False,
    )
    # Issue 21: what the token may do, and for how long (least privilege: reading only unless
    # the person ticks more).
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Phạm vi"),
        choices=Scope.choices,
        initial=[Scope.READ],
        widget=forms.CheckboxSelectMultiple,
        required=False,  # none ticked: reading only
    )
    days = forms.IntegerField(
        label=gettext_lazy("Hiệu lực (ngày)"),
        min_value=1,
        max_value=services.MAX_DAYS,
        initial=services.DEFAULT_DAYS,
        required=False,
    )


def _message(exc: DomainError) -> str:
    return say(exc)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"] or [Scope.READ],
                days=form.cleaned_data["days"] or services.DEFAULT_DAYS,
            )
            # Shown on this answer only: the page is not a redirect so the token is never in
            # a URL, a message store or a log.
            created = {"token": token, "raw": raw}
            form = TokenForm()
        except DomainError as exc:
            messages.error(request, _message(exc))
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": selectors.tokens_of(request.user),
            # an administrator also sees, and may revoke, their members' tokens (issue 21)
            "managed": tokens_managed_by(request.user)[:500],
            "now": timezone.now(),
        },
    )
    if created:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_pk: int) -> HttpResponse:
    token = get_token_for_user(request.user, token_pk)
    try:
        services.token_revoke(user=request.user, token=token)
        messages.success(request, _("Đã thu hồi mã truy cập %(name)s.") % {"name": token.name})
    except DomainError as exc:
        messages.error(request, _message(exc))
    return redirect("account:tokens")
