from django.urls import path

from kehoach.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("tao-moi/", views.plan_create, name="create"),
    path("nhap/", views.plan_import, name="import"),
    path("nhap/<int:pk>/", views.import_preview, name="import_preview"),
    path("dinh-muc/", views.norm_list, name="norms"),
    path("dinh-muc/nhap/", views.norm_import, name="norms_import"),
    path("dinh-muc/minh-hoa/sao-chep/", views.norms_copy_examples, name="norms_copy_examples"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_edit, name="edit"),
    path("<int:pk>/cac-phan/", views.plan_parts, name="parts"),
    path("<int:pk>/hoat-dong/<int:activity_pk>/", views.activity_items, name="activity_items"),
    path("<int:pk>/du-toan/", views.estimate_editor, name="estimate"),
    path("<int:pk>/du-toan/dong/them/", views.line_add, name="line_add"),
    path("<int:pk>/du-toan/luu/", views.estimate_save, name="estimate_save"),
    path("<int:pk>/du-toan/dan/", views.estimate_paste, name="estimate_paste"),
    path("<int:pk>/du-toan/hoan-tac/", views.estimate_undo, name="estimate_undo"),
    path("<int:pk>/du-toan/phat-hien/", views.estimate_findings, name="estimate_findings"),
    path("<int:pk>/du-toan/muc/them/", views.section_add, name="section_add"),
    path("<int:pk>/du-toan/dong/<int:line_pk>/", views.line_update, name="line_update"),
    path("<int:pk>/du-toan/dong/<int:line_pk>/xoa/", views.line_delete, name="line_delete"),
    path("<int:pk>/du-toan/dong/<int:line_pk>/di-chuyen/", views.line_move, name="line_move"),
    path("<int:pk>/trinh/", views.plan_submit, name="submit"),
    path("<int:pk>/phe-duyet/", views.plan_approve, name="approve"),
    path("<int:pk>/tra-lai/", views.plan_return, name="return"),
    path("<int:pk>/ban-hanh/", views.plan_issue, name="issue"),
    path("<int:pk>/dieu-chinh/", views.plan_revise, name="revise"),
    path("<int:pk>/sao-chep/", views.plan_clone, name="clone"),
    path("<int:pk>/lich-su/", views.plan_history, name="history"),
    path("<int:pk>/ban-in/", views.plan_print, name="print"),
    path("<int:pk>/tai-ve/<str:kind>/", views.plan_download, name="download"),
    path("<int:pk>/tep/<int:file_pk>/", views.version_file, name="version_file"),
]
