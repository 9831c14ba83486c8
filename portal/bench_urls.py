"""The portal's URLs plus `/bench/bare`, the anchor a benchmark compares every page with (`HttpResponse("ok")`
under the same settings and middleware). Used only by portal.settings.bench, never by a deployed portal."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from .urls import urlpatterns as portal_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/bare", bare, name="bench_bare"), *portal_urlpatterns]
