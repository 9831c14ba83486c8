"""The portal's URLs and `/bench/bare`, the anchor every benchmark figure is divided by."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/bare", bare), path("", include("portal.urls"))]
