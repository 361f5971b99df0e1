from django.urls import URLPattern, URLResolver, path

from kehoach.public import views

app_name = "public"

urlpatterns: list[URLPattern | URLResolver] = [
    path("dich-vu-cong/", views.index, name="index"),
    path("dich-vu-cong/<slug:org>/", views.catalogue, name="catalogue"),
    path("dich-vu-cong/<slug:org>/<int:service_pk>/", views.service, name="service"),
    path("l/<str:code>", views.short_link, name="short_link"),
    path("lien-ket/ke-hoach/<int:pk>/", views.plan_links, name="plan_links"),
    path("lien-ket/<int:link_pk>/qr.<str:fmt>", views.qr, name="qr"),
]
