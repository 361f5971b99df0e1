from django.urls import URLPattern, URLResolver, path

from kehoach.reports import views

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.department, name="department"),
    path("ke-hoach/<int:pk>/", views.plan_dashboard, name="plan"),
    path("ke-hoach/<int:pk>/san-pham/", views.records, name="records"),
    path("ke-hoach/<int:pk>/tien-do.<str:fmt>", views.progress_chart, name="progress_chart"),
    path("ke-hoach/<int:pk>/bao-cao-ket-qua/", views.final, name="final"),
    path("ke-hoach/<int:pk>/bao-cao-ket-qua/ban-hanh/", views.final_issue, name="final_issue"),
    path(
        "ke-hoach/<int:pk>/bao-cao-ket-qua.<str:fmt>", views.final_download, name="final_download"
    ),
    path("ke-hoach/<int:pk>/de-cuong.<str:fmt>", views.outline, name="outline"),
]
