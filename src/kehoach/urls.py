from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from kehoach.web import home

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="todo", permanent=False), name="home"),
    path("viec-can-lam/", home.todo_page, name="todo"),
    path("viec-can-lam/thu-bao/", home.notice_setting, name="notice_setting"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ke-hoach/", include("kehoach.plans.urls")),
    path("thuc-hien/", include("kehoach.execution.urls")),
    path("ket-qua/", include("kehoach.outcomes.urls")),
    path("hoi-nghi/", include("kehoach.conference.urls")),
    path("bao-cao/", include("kehoach.reports.urls")),
    path("api/v1/", include("kehoach.api.urls")),
    path("tai-khoan/", include("kehoach.api.web_urls")),
    path("to-chuc/", include("kehoach.accounts.urls")),
    path("", include("kehoach.public.urls")),
    # the English addresses before issue 24: a permanent redirect each (last: new ones win)
    path("", include("kehoach.web.old_urls")),
]

handler400 = "kehoach.web.views.bad_request"
handler403 = "kehoach.web.views.forbidden"
handler404 = "kehoach.web.views.not_found"
handler500 = "kehoach.web.views.server_error"
