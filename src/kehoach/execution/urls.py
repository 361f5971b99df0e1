from django.urls import URLPattern, URLResolver

app_name = "execution"

urlpatterns: list[URLPattern | URLResolver] = []
