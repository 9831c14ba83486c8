from django.urls import path

from . import api, views

app_name = "thresholds"

urlpatterns = [
    path("api/frameworks/<slug:slug>/suggest", api.suggest_view, name="api-suggest"),
    path("check/<slug:slug>/<slug:area>/", views.check, name="check"),
    path("check/<slug:slug>/<slug:area>/suggestion", views.panel, name="check-panel"),
    path("check/<slug:slug>/<slug:area>/result", views.result, name="check-result"),
    path("check/<slug:slug>/<slug:area>/print", views.print_view, name="check-print"),
]
