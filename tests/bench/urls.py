"""The project's URLs plus a trivial view, the yardstick every benchmark figure is compared to."""

from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("", include("nqt.urls")),
]
