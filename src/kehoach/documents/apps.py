from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "kehoach.documents"
    label = "documents"
    verbose_name = "Văn bản / Documents"
