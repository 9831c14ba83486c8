from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.start, name="start"),
    path("", include("thresholds.urls")),
    path("admin/", admin.site.urls),
]
