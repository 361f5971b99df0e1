"""An administrator's page for what the documents take from an organisation (issue 19): the
organisations they administer and the contractors of those organisations' contracts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kehoach.accounts import services
from kehoach.accounts.forms import DocumentTemplateForm, OrganisationDocumentForm
from kehoach.accounts.selectors import editable_organisations, organisation_by_pk
from kehoach.documents.writers.own_template import REQUIRED, REQUIRED_MORE, TemplateError
from kehoach.web.language import say


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = editable_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    return render(request, "accounts/organisation_list.html", {"organisations": organisations})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_by_pk(pk)
    allowed = editable_organisations(request.user)
    if not allowed:
        raise Http404
    if organisation not in allowed:
        raise PermissionDenied
    form = OrganisationDocumentForm(
        request.POST if "name" in request.POST else None, instance=organisation
    )
    upload = DocumentTemplateForm(
        request.POST if "kind" in request.POST else None, request.FILES or None
    )
    if request.method == "POST" and "delete_kind" in request.POST:
        services.template_delete(
            user=request.user, organisation=organisation, kind=request.POST["delete_kind"]
        )
        messages.success(request, _("Đã bỏ mẫu riêng: dùng mẫu có sẵn của kehoach."))
        return redirect("accounts:organisation_edit", pk=organisation.pk)
    if request.method == "POST" and "kind" in request.POST and upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            services.template_upload(
                user=request.user,
                organisation=organisation,
                kind=upload.cleaned_data["kind"],
                filename=file.name,
                content=file.read(),
            )
        except TemplateError as exc:
            upload.add_error("file", say(exc))
        else:
            messages.success(request, _("Đã lưu mẫu văn bản."))
            return redirect("accounts:organisation_edit", pk=organisation.pk)
    if request.method == "POST" and "name" in request.POST and form.is_valid():
        services.organisation_update(
            user=request.user, organisation=organisation, data=form.cleaned_data
        )
        messages.success(request, _("Đã lưu thông tin tổ chức."))
        return redirect("accounts:organisation_list")
    return render(
        request,
        "accounts/organisation_form.html",
        {
            "organisation": organisation,
            "form": form,
            "upload": upload,
            "templates": organisation.document_templates.order_by("kind"),
            "required": ", ".join("{{ " + name + " }}" for name in REQUIRED),
            "required_plan": ", ".join("{{ " + name + " }}" for name in REQUIRED_MORE["plan"]),
        },
    )
