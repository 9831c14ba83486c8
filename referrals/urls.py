from django.urls import path

from . import dashboard_views, disagreement_views, review_views, views

app_name = "referrals"

urlpatterns = [
    path("assessments/", views.mine, name="mine"),
    path("assessments/new/", views.choose, name="choose"),
    path("assessments/new/<slug:slug>/<slug:area>/", views.new, name="new"),
    path("assessments/<uuid:pk>/", views.overview, name="overview"),
    path("assessments/<uuid:pk>/submit", views.submit, name="submit"),
    path("assessments/<uuid:pk>/summary", views.summary, name="summary"),
    path("assessments/<uuid:pk>/summary.pdf", views.summary_pdf, name="summary-pdf"),
    path("assessments/<uuid:pk>/disagreement", disagreement_views.disagreement, name="disagreement"),
    path("assessments/<uuid:pk>/<slug:name>", views.step, name="step"),
    path("review/", review_views.queue, name="queue"),
    path("review/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("review/<uuid:pk>/", review_views.review, name="review"),
]
