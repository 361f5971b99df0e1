from django.urls import URLPattern, URLResolver, path

from kehoach.execution import views

app_name = "execution"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("ke-hoach/<int:pk>/", views.plan_contracts, name="plan"),
    path("ke-hoach/<int:pk>/de-xuat/", views.propose, name="propose"),
    path("ke-hoach/<int:pk>/ngan-sach/", views.budget, name="budget"),
    path("ke-hoach/<int:pk>/khoan-chi/", views.expense_add, name="expense_add"),
    path("hop-dong/<int:pk>/", views.contract_detail, name="contract"),
    path("hop-dong/<int:pk>/sua/", views.contract_edit, name="contract_edit"),
    path("hop-dong/<int:pk>/dong/<int:line_pk>/", views.contract_line, name="contract_line"),
    path("hop-dong/<int:pk>/bao-cao/<int:deliverable_pk>/", views.report, name="report"),
    path("hop-dong/<int:pk>/ban-ghi/<int:record_pk>/xac-nhan/", views.verify, name="verify"),
    path("hop-dong/<int:pk>/ban-ghi/<int:record_pk>/minh-chung/", views.evidence, name="evidence"),
    path("hop-dong/<int:pk>/nghiem-thu/", views.accept, name="accept"),
    path(
        "hop-dong/<int:pk>/bien-ban/<int:minutes_pk>/<str:kind>/",
        views.minutes_file,
        name="minutes_file",
    ),
    path("hop-dong/<int:pk>/bang-ke/<str:fmt>/", views.annex, name="annex"),
    path("hop-dong/<int:pk>/thanh-toan/", views.payment_add, name="payment_add"),
    path(
        "hop-dong/<int:pk>/thanh-toan/<int:payment_pk>/xac-nhan/",
        views.payment_paid,
        name="payment_paid",
    ),
]
