from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from api.v1.api import api as api_v1

from . import forms, health, views

auth_patterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(authentication_form=forms.SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/extend", views.session_extend, name="session_extend"),
    path(
        "password-reset/",
        views.ResetPasswordView.as_view(),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.ChoosePasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("security-log/", views.security_log, name="security_log"),
    path("second-factor/", views.second_factor, name="second_factor"),
    path("second-factor/set-up/", views.second_factor_setup, name="second_factor_setup"),
    path("second-factor/recovery-codes/", views.second_factor_codes, name="second_factor_codes"),
]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),  # probes: public, no session (portal/health.py)
    path("readyz", health.readyz, name="readyz"),
    path("", views.start, name="start"),
    path("home/", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("account/", include(auth_patterns)),
    path("api/v1/", api_v1.urls),  # the integration API (api/): token-authenticated, no session, no CSRF
    path("", include("thresholds.urls")),
    path("", include("referrals.urls")),
    path("admin/", admin.site.urls),
]
