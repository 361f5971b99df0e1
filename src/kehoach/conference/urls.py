from django.urls import URLPattern, URLResolver, path

from kehoach.conference import views

app_name = "conference"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ke-hoach/<int:pk>/", views.plan_page, name="plan"),
    path("ke-hoach/<int:pk>/noi-dung/", views.content, name="content"),
    path("ke-hoach/<int:pk>/giam-sat/", views.supervision, name="supervision"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/dai-bieu/", views.delegates, name="delegates"),
    path("<int:pk>/diem-danh/", views.check_in, name="check_in"),
    path("<int:pk>/giay-moi/<str:fmt>/", views.invitation, name="invitation"),
    path("<int:pk>/danh-sach-ky-ten/", views.sign_in, name="sign_in"),
    path("<int:pk>/kinh-phi/", views.funding, name="funding"),
    path("<int:pk>/an-danh/", views.anonymise, name="anonymise"),
    path("noi-dung/<int:item_pk>/tai-ve/", views.content_download, name="content_download"),
    path("noi-dung/<int:item_pk>/gan/", views.content_assign, name="content_assign"),
    path("dai/", views.station, name="station"),
]
