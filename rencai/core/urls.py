from django.contrib.auth import views as auth_views
from django.urls import path

from . import second_factor_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/login/sms/", views.login_sms, name="login-sms"),
    path("accounts/second-factor/", second_factor_views.verify, name="second-factor"),
    path("accounts/second-factor/enrol/", second_factor_views.enrol, name="second-factor-enrol"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.audit_log, name="audit-log"),
    path("me/", views.me, name="me"),
    path("messages/", views.notification_list, name="notifications"),
    path("messages/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("messages/<int:pk>/", views.notification_detail, name="notification-detail"),
    path("text-size/", views.text_size, name="text-size"),
]
