"""Settings for the NextMed staff console. Everything deployment-specific comes from the environment."""

import datetime as dt
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .database import REPO_ROOT, database_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _env_list(name: str, default: str) -> list:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("DJANGO_DEBUG", False)

# DEV ONLY: this fallback key is used solely when DEBUG is on; any real deployment must set
# DJANGO_SECRET_KEY (start-up fails without it when DEBUG is off).
_DEV_ONLY_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (_DEV_ONLY_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")

ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = _env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.contrib.staticfiles",  # collectstatic for the admin's CSS (served by whitenoise)
    "axes",  # login throttling (django-axes); lockouts also go to the audit log (audit/signals.py)
    "accounts",
    "audit",
    "conversations",
    "bookings",
    "inbox",
    "labelling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (the admin's CSS) served by the app itself under gunicorn, from STATIC_ROOT.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless a view opts out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out users and addresses
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after this many failed sign-ins, counted per username and per client address
# separately, for AXES_COOLOFF_TIME; a success resets the count. Admins can unlock earlier with
# `manage.py axes_reset`.
AXES_FAILURE_LIMIT = int(os.environ.get("CONSOLE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("CONSOLE_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

ROOT_URLCONF = "nextmed_console.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.role",
            ],
        },
    },
]

WSGI_APPLICATION = "nextmed_console.wsgi.application"

DATABASES = {"default": database_settings(os.environ)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "conversations:list"
LOGOUT_REDIRECT_URL = "login"

# Staff sessions end after a working day or when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Production (DEBUG off) is served over HTTPS: cookies only over TLS and HSTS for a year, unless
# explicitly overridden (DJANGO_SECURE_COOKIES=0 / DJANGO_HSTS_SECONDS=0, e.g. a plain-http test).
# `make run` serves the console with DJANGO_DEBUG=1 on 127.0.0.1 (scripts/run-console).
SESSION_COOKIE_SECURE = _env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = _env_bool("DJANGO_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or (0 if DEBUG else 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # other hosts of the clinic's domain are not ours to pin
# Behind nginx terminating TLS: trust its X-Forwarded-Proto (and, for login throttling, the
# client address it appends to X-Forwarded-For). Never set this without such a proxy in front.
BEHIND_TLS_PROXY = _env_bool("DJANGO_BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("CONSOLE_TIME_ZONE", "Asia/Kuala_Lumpur")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# `manage.py collectstatic` (scripts/console-gunicorn runs it) copies the admin's files here;
# whitenoise serves them, compressed, with far-future caching.
STATIC_ROOT = Path(os.environ.get("CONSOLE_STATIC_ROOT") or REPO_ROOT / "var" / "console_static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# PDPA retention: tracker events, summaries and booking requests older than this are purged
# by `manage.py purge_expired` (run it daily from cron).
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "365"))
# The sync re-reads this many event ids below its watermark because on PostgreSQL a
# transaction holding lower ids can commit after one holding higher ids.
SUMMARY_SYNC_REPLAY_IDS = int(os.environ.get("CONSOLE_SYNC_REPLAY_IDS", "1000"))
# List pages sync at most this many new events per view (bigger backlogs: the sync job, and the next views;
# the oldest first, so a page view never stalls).
SUMMARY_AUTO_SYNC_MAX_EVENTS = int(os.environ.get("CONSOLE_AUTO_SYNC_MAX_EVENTS", "5000"))
PAGE_SIZE = 50
# Region used to recognise local phone numbers written without a country code.
PHONE_REGION = os.environ.get("CONSOLE_PHONE_REGION", "MY")
# Slots whose values identify a person (masked for reviewers, collected for masking texts).
NAME_SLOTS = _env_list("CONSOLE_NAME_SLOTS", "booking_name,name,patient_name,customer_name")
PHONE_SLOTS = _env_list("CONSOLE_PHONE_SLOTS", "booking_phone,phone,phone_number,phone_e164")

# ---- Inbox (console/inbox): staff replies through Rasa's HTTP API, branch notifications.
# Rasa runs with --enable-api --auth-token $RASA_API_TOKEN; the console calls it server-side.
RASA_API_URL = os.environ.get("RASA_API_URL") or os.environ.get("RASA_PUBLIC_URL") or "http://127.0.0.1:5005"
RASA_API_TOKEN = os.environ.get("RASA_API_TOKEN", "")
RASA_API_TIMEOUT = float(os.environ.get("RASA_API_TIMEOUT", "20"))
# Links in notifications point here.
CONSOLE_PUBLIC_URL = (
    os.environ.get("CONSOLE_PUBLIC_URL") or f"http://127.0.0.1:{os.environ.get('CONSOLE_PORT', '8000')}"
)
# A booking request still "new" after this many hours is highlighted in the list.
BOOKING_STALE_HOURS = float(os.environ.get("BOOKING_STALE_HOURS", "4"))
# Requests and bookings older than this are never notified (e.g. on the first run).
NOTIFY_MAX_AGE_HOURS = float(os.environ.get("NOTIFY_MAX_AGE_HOURS", "24"))
# Per branch: NOTIFY_EMAIL_CHERAS=a@x,b@x  NOTIFY_WEBHOOK_CHERAS=https://...  (_DEFAULT: no/other branch).
NOTIFY_EMAILS = {
    k[len("NOTIFY_EMAIL_") :].lower(): _env_list(k, "") for k in os.environ if k.startswith("NOTIFY_EMAIL_")
}
NOTIFY_WEBHOOKS = {
    k[len("NOTIFY_WEBHOOK_") :].lower(): os.environ[k].strip()
    for k in os.environ
    if k.startswith("NOTIFY_WEBHOOK_") and os.environ[k].strip()
}
DEFAULT_FROM_EMAIL = os.environ.get("NOTIFY_FROM_EMAIL") or "NextMed console <console@localhost>"
# SMTP from the environment; without EMAIL_HOST mail is written to the log (console backend).
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or "25")
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# "Needs labelling": messages whose intent confidence is below this join the review queue.
LABELLING_LOW_CONFIDENCE = float(os.environ.get("CONSOLE_LABEL_LOW_CONFIDENCE", "0.7"))
# The Rasa project the labels are exported into (domain/, data/nlu/, content/, tests/data/).
LABELLING_REPO_ROOT = Path(os.environ.get("CONSOLE_LABEL_PROJECT_DIR") or REPO_ROOT)
# One in this many labelled texts (chosen by a hash of the text) goes to the held-out test sets.
LABELLING_HELDOUT_EVERY = int(os.environ.get("CONSOLE_LABEL_HELDOUT_EVERY", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Phone numbers in log lines keep only their last 3 digits (PDPA; rasa_hardening/log_masking.py).
    "filters": {"mask_phones": {"()": "rasa_hardening.log_masking.PhoneMaskFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_phones"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("CONSOLE_LOG_LEVEL", "INFO")},
}
