from django.urls import URLPattern, URLResolver, path

from kehoach.execution import views

app_name = "execution"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("ke-hoach/<int:plan_pk>/", views.plan_contracts, name="plan"),
    path("ke-hoach/<int:plan_pk>/propose/", views.propose, name="propose"),
    path("ke-hoach/<int:plan_pk>/budget/", views.budget, name="budget"),
    path("ke-hoach/<int:plan_pk>/expenses/", views.expense_add, name="expense_add"),
    path("hop-dong/<int:pk>/", views.contract_detail, name="contract"),
    path("hop-dong/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("hop-dong/<int:pk>/lines/<int:line_pk>/", views.contract_line, name="contract_line"),
    path("hop-dong/<int:pk>/report/<int:deliverable_pk>/", views.report, name="report"),
    path("hop-dong/<int:pk>/records/<int:record_pk>/verify/", views.verify, name="verify"),
    path("hop-dong/<int:pk>/records/<int:record_pk>/evidence/", views.evidence, name="evidence"),
    path("hop-dong/<int:pk>/accept/", views.accept, name="accept"),
    path(
        "hop-dong/<int:pk>/minutes/<int:minutes_pk>/<str:kind>/",
        views.minutes_file,
        name="minutes_file",
    ),
    path("hop-dong/<int:pk>/annex/<str:fmt>/", views.annex, name="annex"),
    path("hop-dong/<int:pk>/payments/", views.payment_add, name="payment_add"),
    path(
        "hop-dong/<int:pk>/payments/<int:payment_pk>/paid/",
        views.payment_paid,
        name="payment_paid",
    ),
]
