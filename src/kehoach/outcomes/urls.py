from django.urls import path

from kehoach.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bieu-do/ty-le-truc-tuyen.<str:fmt>", views.online_chart, name="online_chart"),
    path("dich-vu/", views.service_list, name="services"),
    path("dich-vu/them/", views.service_create, name="service_create"),
    path("dich-vu/<int:pk>/", views.service_edit, name="service_edit"),
    path("nhap/", views.import_list, name="imports"),
    path("nhap/<int:pk>/", views.import_detail, name="import_detail"),
    path("nhap/<int:pk>/loi.csv", views.import_errors, name="import_errors"),
    path("nhap/<int:pk>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap/<int:pk>/hoan-tac/", views.import_undo, name="import_undo"),
    path("nhap/<int:pk>/tep/", views.import_file, name="import_file"),
    path("ke-hoach/<int:pk>/", views.plan_indicators, name="plan"),
    path("ke-hoach/<int:pk>/bieu-do.<str:fmt>", views.plan_chart, name="plan_chart"),
    path("ke-hoach/<int:pk>/huyen.<str:fmt>", views.plan_district_chart, name="plan_district"),
]
