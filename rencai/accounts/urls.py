from __future__ import annotations

from django.urls import path

from rencai.accounts import ops_views, reauth, views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/login/code/", views.send_code_view, name="send_code"),
    path("accounts/login/password/", views.password_login_view, name="password_login"),
    path("accounts/login/second-factor/", views.second_factor_view, name="second_factor"),
    path("accounts/register/", views.register_view, name="register"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("account/security/", views.security_view, name="security"),
    path(
        "account/security/sessions/<uuid:session_id>/end/",
        views.revoke_session_view,
        name="revoke_session",
    ),
    path(
        "account/security/logout-everywhere/",
        views.logout_everywhere_view,
        name="logout_everywhere",
    ),
    path(
        "account/security/tokens/<uuid:token_id>/revoke/",
        views.revoke_token_view,
        name="revoke_token",
    ),
    path("account/roles/", views.roles_view, name="roles"),
    path("account/confirm/", reauth.confirm_identity_view, name="confirm_identity"),
    path("account/real-name/", views.real_name_view, name="real_name"),
    path("account/face/", views.face_view, name="face"),
    path("account/guardian/", views.guardian_view, name="guardian"),
]

urlpatterns += [
    path("ops/users/", ops_views.users_view, name="ops_users"),
    path("ops/users/<uuid:user_id>/", ops_views.user_roles_view, name="ops_user"),
]
