"""Settings shared by every environment. The environment is read here, once.

Demo and development defaults work with no environment set; `config.settings.prod` refuses
to start without a real secret key.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, True),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
    PUBLIC_BASE_URL=(str, "http://127.0.0.1:8000"),
    CARD_PREFIX=(str, ""),
    SMS_BACKEND=(str, "rencai.core.sms.ConsoleSmsBackend"),
)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-rencai")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address printed in card QR codes: <PUBLIC_BASE_URL>/v/<token>.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL").rstrip("/")
# Prefix of the city's green-card numbers: <CARD_PREFIX>-YYYY-NNNNNN; empty: the city's own
# (`card_prefix` in its city.json, `rencai.core.city`).
CARD_PREFIX = env("CARD_PREFIX")
SMS_BACKEND = env("SMS_BACKEND")
SMS_FILE_PATH = env("SMS_FILE_PATH", default=str(BASE_DIR / "var" / "sms.log"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rencai.core.thirdparty.AxesConfig",
    "rencai.core.thirdparty.TasksDatabaseConfig",
    "rencai.core",
    "rencai.talents",
    "rencai.policies",
    "rencai.desk",
    "rencai.medical",
    "rencai.schooling",
    "rencai.housing",
    "rencai.finance",
    "rencai.events",
    "rencai.events.fairs",
    "rencai.engagement",
    "rencai.projects",
    "rencai.campaigns",
    "rencai.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rencai.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rencai.core.middleware.RequestIdMiddleware",
    "axes.middleware.AxesMiddleware",
    "rencai.core.second_factor.SecondFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "rencai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rencai.core.context_processors.roles",
                "rencai.core.context_processors.city",
            ],
            "builtins": ["rencai.core.templatetags.rencai"],
        },
    },
]

VAR_DIR = BASE_DIR / "var"  # the demo database, logs and uploads (outside the web root)
VAR_DIR.mkdir(exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'rencai.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a worker keeps its connection for CONN_MAX_AGE seconds (a new one
# costs a few milliseconds: a fork on the server, authentication), checked before reuse so a
# connection the server dropped is replaced instead of failing the request. 0 closes it after
# every request (Django's default). Development's runserver opens a thread per request, so it
# keeps 0 (an idle connection per finished thread otherwise).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A rule's set facts are `talent IN (SELECT talent_id …)` (policies.facts). Under OR, NOT or
    # count(*) FILTER, PostgreSQL hashes that subquery once only if it fits in work_mem ×
    # hash_mem_multiplier; otherwise it rescans a materialised list for every talent (hours at
    # a million). 16 × the default 4 MB holds a set of about two million talents.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "options", f"-c hash_mem_multiplier={env.int('PG_HASH_MEM_MULTIPLIER', default=16)}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "rencai.core.sms_login.SmsCodeBackend",  # talents: mobile + one-time SMS code
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# The second factor (TOTP, django-otp; docs/operations.md): a user of these roles without an
# authenticator is sent to enrol after log-in and can do nothing else; anyone with one enrolled
# verifies a code at each log-in. Default: the roles that may reveal identity numbers or pay
# money (ROLES.md). Development, the demo and the tests turn it off (dev.py, test.py).
OTP_REQUIRED_ROLES = env.list(
    "OTP_REQUIRED_ROLES",
    default=[
        "city_admin",
        "task_force",
        "county_officer",
        "department_officer",
        "window_clerk",
        "bank_officer",
    ],
)
OTP_TOTP_ISSUER = "人才服务平台"  # the name the authenticator app shows
OTP_RECOVERY_CODES = 10

# Lock an account (per username) after 5 failed log-ins for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The SMS log-in's code is a password for ten minutes: never stored in the failure records.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# Lock per account, not per address: a county office's PCs share one NAT address, and a
# lock by address would shut the whole office out after one person's typos.
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # covering indexes (INCLUDE) are for PostgreSQL; SQLite builds them on their key columns
    "models.W040",
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
# One date style per language, the one `core.text.format_date` writes (2022年9月6日 / 6 Sep 2022).
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "rencai" / "static"]
# Uploaded files live outside the code tree: MEDIA_ROOT from the environment in production
# (a shared or backed-up volume), var/media by default. Never served by URL: every download
# goes through a view that checks who asks (desk documents, campaign files).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# `manage.py backup` writes its dated folders here (docs/operations.md).
BACKUP_ROOT = Path(env("BACKUP_ROOT", default=str(VAR_DIR / "backups")))
BACKUP_KEY_TABLES = ["talents.Talent", "desk.Application", "desk.Disbursement", "core.AuditEvent"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

from django.utils.csp import CSP  # noqa: E402

# Spelled out although they are Django's defaults: no framing, no type sniffing, no referrer
# to other sites (the production checks rely on them; tests/test_deploy_check.py).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}

# An API token lives this long; a password change or a lock-out revokes it earlier.
API_TOKEN_LIFETIME = timedelta(hours=env.int("API_TOKEN_LIFETIME_HOURS", default=12))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rencai.core.api.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "rencai.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rencai.core.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "rencai.core.api.errors.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rencai API",
    "DESCRIPTION": "人才服务平台 — talent-service platform API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rencai.core.api.schema.document_shared_errors",
    ],
    # Choice sets that share a field name (kind, level) get stable enum names.
    "ENUM_NAME_OVERRIDES": {
        "IntentSideEnum": "rencai.events.fairs.choices.Side",
        "ProposalSideEnum": "rencai.projects.choices.Side",
        "OrganisationKindEnum": "rencai.core.choices.OrganisationKind",
        "DivisionLevelEnum": "rencai.core.choices.DivisionLevel",
        "CardKindEnum": "rencai.talents.choices.CardKind",
        "ChucaiLevelEnum": "rencai.talents.choices.ChucaiLevel",
        "ApplicationStateEnum": "rencai.desk.choices.ApplicationState",
        "ChannelEnum": "rencai.desk.choices.Channel",
        "EntitlementStateEnum": "rencai.policies.choices.EntitlementState",
        "SlotStatusEnum": "rencai.medical.choices.SlotStatus",
        "SlotKindEnum": "rencai.medical.choices.SlotKind",
        "AppointmentStatusEnum": "rencai.medical.choices.AppointmentStatus",
        "EnrolmentStateEnum": "rencai.schooling.choices.EnrolmentState",
        "EnrolmentStageEnum": "rencai.schooling.choices.Stage",
        "UnitStateEnum": "rencai.housing.choices.UnitState",
        "HousingApplicationStateEnum": "rencai.housing.choices.HousingApplicationState",
        "TenancyStateEnum": "rencai.housing.choices.TenancyState",
        "RequestStateEnum": "rencai.engagement.choices.RequestState",
        "RequestChannelEnum": "rencai.engagement.choices.Channel",
        "RequestCategoryEnum": "rencai.engagement.choices.RequestCategory",
        "ContactKindEnum": "rencai.engagement.choices.ContactKind",
        "SatisfactionEnum": "rencai.engagement.choices.Satisfaction",
        "PolicyCategoryEnum": "rencai.policies.choices.PolicyCategory",
        "EventKindEnum": "rencai.events.choices.EventKind",
        "EventStatusEnum": "rencai.events.choices.EventStatus",
        "RegistrationStatusEnum": "rencai.events.choices.RegistrationStatus",
        "RegistrationSourceEnum": "rencai.events.choices.RegistrationSource",
        "CheckInMethodEnum": "rencai.events.choices.CheckInMethod",
        "TechProjectFieldEnum": "rencai.projects.choices.ProjectField",
        "TechProjectStatusEnum": "rencai.projects.choices.ProjectStatus",
        "ProposalStatusEnum": "rencai.projects.choices.ProposalStatus",
        "ProposalAnswerEnum": "rencai.projects.choices.Answer",
        "ProjectOutcomeKindEnum": "rencai.projects.choices.OutcomeKind",
        "FigureKindEnum": "rencai.core.figures.Kind",
        "FigureUnitEnum": "rencai.core.figures.Unit",
        "FigureMeasureEnum": "rencai.core.figures.Measure",
        "StatisticPeriodKindEnum": ["month", "quarter", "year"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "routine_refusals": {"()": "rencai.core.logs.RoutineRefusalFilter"},
        "mask_personal_numbers": {"()": "rencai.core.logs.MaskPersonalNumbersFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    # Every handler masks identity numbers and mobiles (rencai/core/tests/test_logs.py).
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["routine_refusals", "mask_personal_numbers"],
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "mask_personal_numbers"],
            "reporter_class": "rencai.core.logs.MaskingExceptionReporter",
        },
        # runserver's request lines: a search's query string carries the number typed.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_personal_numbers"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's own loggers, redefined so that none keeps a handler of Django's defaults.
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
# Django's error reports (the DEBUG page, the mail to ADMINS) mask them too.
DEFAULT_EXCEPTION_REPORTER = "rencai.core.logs.MaskingExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "rencai.core.logs.MaskingExceptionReporterFilter"
ADMINS = env.list("ADMINS", default=[])

# Channels beside in-app for notifications: "sms" (SMS_BACKEND), "email" (EMAIL_BACKEND).
NOTIFICATION_CHANNELS = env.list("NOTIFICATION_CHANNELS", default=["sms"])
MAILERS = {
    "default": {
        "BACKEND": env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="rencai@localhost")

# The city served: its data folder rencai/core/data/<RENCAI_CITY>/ (city.json: names, the card's
# name and number prefix; and its demo). RENCAI_CITY_DATA: another folder instead.
RENCAI_CITY = env("RENCAI_CITY", default="huanggang")
RENCAI_CITY_DATA = env("RENCAI_CITY_DATA", default="")
# --- More than one machine (docs/deployment.md) ---------------------------------------------
# A streaming replica of PostgreSQL: the dashboard's and the xlsx exports' reads go to it
# (`rencai.core.db_routers`); every write, and every other read, to the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **env.db("DATABASE_REPLICA_URL"),
        "TEST": {"MIRROR": "default"},
    }
READ_REPLICA_ALIAS = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["rencai.core.db_routers.ReplicaRouter"]
MIDDLEWARE += ["rencai.core.middleware.ReplicaReadsMiddleware"]  # the xlsx exports' reads
# One cache for every app server (the API's throttles, anything cached): a database table by
# default (`migrate` and `serve_demo` create it: `createcachetable`); CACHE_URL may name
# another (memcache://…; rediscache://… needs the redis package, not a dependency).
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://rencai_cache")}
# Sessions live in the database (Django's default, spelled out): any app server serves anyone.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Behind nginx: uploads checked and audited by a view are sent by nginx from this internal
# location (X-Accel-Redirect; deploy/nginx/rencai.conf). Empty: the app sends the bytes.
UPLOADS_X_ACCEL_PREFIX = env("UPLOADS_X_ACCEL_PREFIX", default="")
# Where `collectstatic` writes (nginx serves it: /static/).
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(STATIC_ROOT)))
# Behind PgBouncer in transaction mode: no server-side cursors, no connections kept by Django.
if env.bool("PGBOUNCER", default=False):
    for _alias in DATABASES.values():
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = True
        _alias["CONN_MAX_AGE"] = 0
# The load test's ceiling (bench/load.py): a bare JSON view at /bench/ok/, mounted only when
# this is true. Never set in production; off, the path answers 404.
RENCAI_BENCH_VIEWS = env.bool("RENCAI_BENCH_VIEWS", default=False)
# The outbox keeps sent and given-up messages this many days, then the daily job
# `core.outbox_purge` deletes them (a queued one is never deleted).
OUTBOX_RETENTION_DAYS = env.int("OUTBOX_RETENTION_DAYS", default=180)
