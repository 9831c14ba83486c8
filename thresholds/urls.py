from django.urls import path

from . import api

app_name = "thresholds"

urlpatterns = [
    path("api/frameworks/<slug:slug>/suggest", api.suggest_view, name="api-suggest"),
]
