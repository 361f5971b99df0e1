from django.urls import URLPattern, URLResolver, path

from kehoach.accounts import views

app_name = "accounts"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.organisation_list, name="organisation_list"),
    path("<int:pk>/", views.organisation_edit, name="organisation_edit"),
]
