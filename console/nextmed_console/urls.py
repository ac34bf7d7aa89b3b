from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.urls import include, path
from django.views.generic import RedirectView


@login_not_required
def healthz(request):
    """For the load balancer: the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="conversations:list"), name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(template_name="accounts/password.html", success_url="/"),
        name="password_change",
    ),
    path("conversations/", include("conversations.urls")),
    path("bookings/", include("bookings.urls")),
    path("audit/", include("audit.urls")),
    path("inbox/", include("inbox.urls")),
    path("labelling/", include("labelling.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
