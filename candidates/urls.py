from django.urls import path

from . import steps, views

app_name = "candidates"

urlpatterns = [
    path("", views.application, name="application"),
    path(f"{steps.SUMMARY}/", views.summary, name="summary"),
    path("envoyer/", views.submit, name="submit"),
    path("dossier/<int:pk>/", views.candidate_file, name="file"),
    path("dossier/<int:pk>/donnees.json", views.file_export, name="file_export"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("<slug:slug>/", views.step, name="step"),
]
