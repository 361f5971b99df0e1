"""The profile pages of the API (issue 13), under /tai-khoan/."""

from django.urls import URLPattern, URLResolver, path

from kehoach.api import views

app_name = "account"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ma-api/", views.tokens, name="tokens"),
    path("ma-api/<int:token_pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
