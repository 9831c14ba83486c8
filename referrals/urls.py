from django.urls import path

from .assessments import views as assessments
from .children import views as children
from .dashboard import views as dashboard
from .disagreement import views as disagreement
from .family import views as family
from .notifications import views as notifications
from .review import views as review

app_name = "referrals"

urlpatterns = [
    path("assessments/", assessments.mine, name="mine"),
    path("assessments/new/", assessments.choose, name="choose"),
    path("assessments/new/<slug:slug>/<slug:area>/", assessments.new, name="new"),
    path("assessments/<uuid:pk>/", assessments.overview, name="overview"),
    path("assessments/<uuid:pk>/submit", assessments.submit, name="submit"),
    path("assessments/<uuid:pk>/summary", assessments.summary, name="summary"),
    path("assessments/<uuid:pk>/summary.pdf", assessments.summary_pdf, name="summary-pdf"),
    path("assessments/<uuid:pk>/family/add", family.add, name="family-add"),
    path("assessments/<uuid:pk>/family/remove", family.remove, name="family-remove"),
    path("assessments/<uuid:pk>/delete", assessments.delete, name="delete"),
    path("assessments/<uuid:pk>/indicators/suggestion", assessments.indicators_panel, name="indicators-panel"),
    path("assessments/<uuid:pk>/move-guidance", assessments.move_guidance, name="move-guidance"),
    path("assessments/<uuid:pk>/start-from", children.start_from, name="start-from"),
    path("assessments/<uuid:pk>/disagreement", disagreement.disagreement, name="disagreement"),
    path("assessments/<uuid:pk>/<slug:name>", assessments.step, name="step"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("review/", review.queue, name="queue"),
    path("review/dashboard/", dashboard.dashboard, name="dashboard"),
    path("review/dashboard/referrals.csv", dashboard.returns_csv, name="dashboard-csv"),
    path("review/<uuid:pk>/", review.review, name="review"),
    path("review/<uuid:pk>/assign", review.assign, name="assign"),
    path("review/<uuid:pk>/subject-access.json", review.subject_access, name="subject-access"),
    path("review/<uuid:pk>/links/<int:link_id>", children.link, name="child-link"),
    path("review/<uuid:pk>/chronology", children.chronology_page, name="chronology"),
    path("review/children/search", children.search, name="child-search"),
]
