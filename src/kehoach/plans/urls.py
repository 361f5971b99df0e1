from django.urls import path

from kehoach.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("import/", views.plan_import, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
    path("norms/", views.norm_list, name="norms"),
    path("norms/import/", views.norm_import, name="norms_import"),
    path("norms/examples/copy/", views.norms_copy_examples, name="norms_copy_examples"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/parts/", views.plan_parts, name="parts"),
    path("<int:pk>/activities/<int:activity_pk>/", views.activity_items, name="activity_items"),
    path("<int:pk>/estimate/", views.estimate_editor, name="estimate"),
    path("<int:pk>/estimate/lines/add/", views.line_add, name="line_add"),
    path("<int:pk>/estimate/save/", views.estimate_save, name="estimate_save"),
    path("<int:pk>/estimate/paste/", views.estimate_paste, name="estimate_paste"),
    path("<int:pk>/estimate/undo/", views.estimate_undo, name="estimate_undo"),
    path("<int:pk>/estimate/findings/", views.estimate_findings, name="estimate_findings"),
    path("<int:pk>/estimate/sections/add/", views.section_add, name="section_add"),
    path("<int:pk>/estimate/lines/<int:line_pk>/", views.line_update, name="line_update"),
    path("<int:pk>/estimate/lines/<int:line_pk>/delete/", views.line_delete, name="line_delete"),
    path("<int:pk>/estimate/lines/<int:line_pk>/move/", views.line_move, name="line_move"),
    path("<int:pk>/submit/", views.plan_submit, name="submit"),
    path("<int:pk>/approve/", views.plan_approve, name="approve"),
    path("<int:pk>/return/", views.plan_return, name="return"),
    path("<int:pk>/issue/", views.plan_issue, name="issue"),
    path("<int:pk>/revise/", views.plan_revise, name="revise"),
    path("<int:pk>/clone/", views.plan_clone, name="clone"),
    path("<int:pk>/history/", views.plan_history, name="history"),
    path("<int:pk>/print/", views.plan_print, name="print"),
    path("<int:pk>/download/<str:kind>/", views.plan_download, name="download"),
    path("<int:pk>/files/<int:file_pk>/", views.version_file, name="version_file"),
]
