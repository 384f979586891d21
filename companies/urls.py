from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("espace-entreprise/", views.company_space, name="company_space"),
    path(
        "espace-entreprise/invitations/<int:pk>/renvoyer/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "espace-entreprise/invitations/<int:pk>/revoquer/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
