"""Settings for the migration practices catalogue.

One file for every environment: each knob is an environment variable with a
safe default for development (see .env.example and README.md). Nothing here
exists only in production.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# numpy's OpenBLAS runs a matrix product (a search by meaning, the records close to a page's) on a thread
# for each core, and its helper threads then spin, waiting for more work, for a while after each product.
# A site runs a process a core already (gunicorn's workers): those threads only took the cores from the
# other workers' requests. Measured at 100,000 records, one worker rendering 1,315 pages one after another
# used 61 s of CPU, 21 s of them on the helper thread; with one thread, 35 s. Read when numpy loads, which
# the settings come before; an operator's own value stands.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def env_bool(name, default):
    """Read a boolean strictly: only "True" and "False" are accepted."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")
    return value == "True"


def env_list(name, default):
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "development-only-key-never-used-with-debug-off"
# With DEBUG off and no key, commands that sign nothing (migrate, makemigrations) still run, Django
# refuses anything that signs, and config/wsgi.py refuses to serve.

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_countries",
    "allauth",
    "allauth.account",
    "post_office",
    "axes",
    "django_filters",
    "reversion",
    "reversion_compare",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "pagecache",
    "taxonomy",
    "records",
    "practices",
    "projects",
    "browse",
    "api",
    "opendata",
    "accounts",
    "submissions",
    "reviews",
    "alerts",
]

MIDDLEWARE = [
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    # Static files are answered here, before the page cache: they never go through it.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so that an API answer from the cache gets the CORS headers its request asks
    # for (they depend on the request's Origin); and above CommonMiddleware, so that redirects do too.
    "corsheaders.middleware.CorsMiddleware",
    # Public pages for anonymous visitors, answered from the cache before the rest of the stack.
    "pagecache.cache.PageCacheMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    # Anonymous reads from the replica, when there is one (DATABASE_REPLICA_URL); a failed replica's request
    # runs again on the primary before the outage page above is given.
    "config.replica.ReplicaMiddleware",
    # Pages travel compressed (static files already are, by whitenoise, which answers before this).
    # Django's GZipMiddleware pads its output against BREACH; public pages carry no secret anyway.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.RejectNullBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: it turns locked-out login attempts into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite needs nothing installed; PostgreSQL is production, set by DATABASE_URL.
DATABASES = {
    # An empty DATABASE_URL, as a blank line in an .env file gives, means the default too.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A short connect timeout: an unreachable database gives a quick 503, not a hung worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")
    )
    # No JIT compilation: the catalogue's queries take milliseconds, and compiling one that the planner
    # costs high (a list filtered over 100,000 records) took 35-250 ms more than running it.
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
    if env_bool("DATABASE_POOL", True):
        # psycopg's connection pool, one per worker process; it replaces persistent connections.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("DATABASE_POOL_SIZE", "4")),
            "timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "3")),
        }
# A streaming replica of the primary (a PostgreSQL hot standby), for anonymous visitors' reads; everything
# else goes to the primary, and so do those reads while the replica is behind or down (config/replica.py).
if REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL"):
    # A persistent connection, not a pool: should the replica stop, the next query fails at once and the
    # request goes on on the primary, where a pool would first wait out its timeout.
    DATABASES["replica"] = dj_database_url.parse(REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["OPTIONS"] = {
        "connect_timeout": int(os.environ.get("DATABASE_REPLICA_CONNECT_TIMEOUT", "1")),
        "options": "-c jit=off",
    }
    # In tests the replica is the test database itself, which is no standby: every read goes to the primary.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.replica.PrimaryReplicaRouter"]
# How long a process leaves a failed replica alone before trying it again.
REPLICA_RETRY_SECONDS = int(os.environ.get("REPLICA_RETRY_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite makes the project map's covering index (projects.Project, project_map_points) without the columns
# it carries for PostgreSQL to read the points from the index alone: a plain partial index is right there.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Staff log in at the admin, whose address can be moved away from the default.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/")
# Brute force against the admin login: django-axes locks a username from an address after a few failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Partners sign in with their e-mail address (django-allauth).
    "allauth.account.auth_backends.AuthenticationBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
# Without it, every manage.py command and every worker starts by printing a banner.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the interface and the content in three languages.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# 19,000 in English, 19 000 in French and Spanish. Years are written with stringformat.
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "UTC"

# Content is often entered in one language only: the pages pick the visitor's
# language, then the record's own (taxonomy.text.localized); these fallbacks
# only serve places that read a field directly, such as the admin lists.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "es")
# The admin's translation tabs need jQuery UI; ours ships in static/, no CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names let browsers cache static files forever.
        "BACKEND": os.environ.get(
            "DJANGO_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Uploaded media: local disk by default; any S3-compatible store when DJANGO_MEDIA_STORAGE=s3
# (django-storages reads the bucket, endpoint and keys below).
if os.environ.get("DJANGO_MEDIA_STORAGE") == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME")
    AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY")
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None

# The cache: local memory by default, Redis shared by every app server when REDIS_URL is set.
# Redis may fail: pagecache's backend then answers as an empty cache would, and the site runs uncached.
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "pagecache.backends.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs fails as fast as one that refuses.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions stay in the database (Django's default), not the cache: only staff have them, and a logout
# must hold even while Redis is away.
# How long a rendered public page may be served from the cache; any data change invalidates it sooner.
# Off by default without Redis: local memory is each process's own, so a change made through one
# gunicorn worker would not reach the pages the others keep (pagecache.checks warns of it).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS") or ("600" if REDIS_URL else "0"))
# How long a kept page may still be served as it was after an edit elsewhere (a publication, a new title):
# lists, counts and the home page show an edit within this bound, the record's own pages at once, and a
# withdrawal leaves every page at once. 0 renders every page afresh after any change.
PAGE_STALE_SECONDS = int(os.environ.get("PAGE_STALE_SECONDS") or "60")
# The apps whose saves and deletes the page cache watches (the data that public pages show).
PAGE_CACHE_WATCHED_APPS = ["taxonomy", "practices", "projects"]
# Those of them that hold the reference lists, whose names change far less often than the records.
PAGE_CACHE_REFERENCE_APPS = ["taxonomy"]

# Security: strict by default, relaxed only where DEBUG asks for it.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy: nothing inline, nothing from elsewhere (django-csp; see
# config.middleware.SecurityHeadersMiddleware for the admin's one allowance).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint (the PDF summaries) tells each step of each document at INFO: only its warnings matter.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# How many records a list page shows.
PAGE_SIZE = 20

# Search (records/search.py). A save embeds up to this many changed records' texts at once, a fraction
# of a second each; larger changes, and bulk loads, leave it to `manage.py index_search`. 0: never.
SEARCH_VECTORS_ON_SAVE = int(os.environ.get("SEARCH_VECTORS_ON_SAVE") or "5")

# The open-data API (api/): read-only JSON, throttled per client.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Coordinates are numbers in JSON, not strings.
    "COERCE_DECIMAL_TO_STRING": False,
    # Counted in the default cache: shared by every app server when REDIS_URL is set.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ]
    if env_bool("DJANGO_API_RATE_LIMITS", True)
    else [],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("DJANGO_API_ANON_RATE", "60/minute"),
        "user": os.environ.get("DJANGO_API_USER_RATE", "600/minute"),
    },
    # Proxies in front of the site (1 behind one reverse proxy): the client is then read from
    # X-Forwarded-For. With 0 the header is ignored, as anyone could write it.
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")),
}
# PDFs of lists made afresh for one client (opendata.views.ListSummaryThrottle): each takes seconds.
LIST_PDF_RATE = os.environ.get("LIST_PDF_RATE", "20/hour")
# The largest page an API client may ask for with ?page_size=.
API_MAX_PAGE_SIZE = 100

SPECTACULAR_SETTINGS = {
    "TITLE": "Migration practices catalogue API",
    "DESCRIPTION": (
        "Published migration good practices and projects, and the reference lists they are classified by. "
        "Read-only. Text fields come in the language asked for with ?lang= or Accept-Language (en, fr, es), "
        "else in the record's original language; `text_languages` says which."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema lists the reference lists' values (api/views.py), read from the database when it is asked
    # for; `check --deploy` runs before any database exists. Tests check the schema instead, against the
    # OpenAPI specification and against every answer (tests/test_api_schema.py, tests/test_api_contract.py).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    # Nothing needs logging in; a session only raises the rate limit, so the docs show no locks.
    "AUTHENTICATION_WHITELIST": [],
    # The docs page's scripts and styles come from the drf-spectacular-sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Partners' accounts (django-allauth): an e-mail address and a password, the address confirmed by a link
# before the first sign-in. The limits count in the cache, by address and by account.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "submissions:mine"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
# A field that people never see and bots fill in: such a sign-up is answered as if it worked, and dropped.
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_RATE_LIMITS = {
    "signup": os.environ.get("ACCOUNT_SIGNUP_RATE", "10/h/ip"),
    "login": os.environ.get("ACCOUNT_LOGIN_RATE", "30/m/ip"),
    "login_failed": os.environ.get("ACCOUNT_LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

# Mail goes through an outbox (django-post-office): sending a message writes a row in the request's
# transaction, so it exists only if the transaction commits, and nothing waits for an SMTP server.
# `manage.py send_queued_mail` (run in a loop or every minute in production) sends the rows, and retries a
# failure later, MAIL_RETRIES times. SMTP comes from EMAIL_HOST and its companions; without EMAIL_HOST,
# messages are printed on the console, and in development (DEBUG) they are printed at once.
EMAIL_BACKEND = "post_office.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "catalogue@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
POST_OFFICE = {
    "BACKENDS": {
        "default": "django.core.mail.backends.smtp.EmailBackend"
        if EMAIL_HOST
        else "django.core.mail.backends.console.EmailBackend"
    },
    "DEFAULT_PRIORITY": "now" if DEBUG and not EMAIL_HOST else "medium",
    "MAX_RETRIES": int(os.environ.get("MAIL_RETRIES", "20")),
    "RETRY_INTERVAL": datetime.timedelta(minutes=int(os.environ.get("MAIL_RETRY_MINUTES", "5"))),
    "MESSAGE_ID_ENABLED": True,
    "LOCK_FILE_NAME": os.environ.get("MAIL_LOCK_FILE", "/tmp/catalogue-outbox"),
}

# The site's address, for the links in mail (written outside any request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Partner submissions (submissions/): the largest template file or image accepted.
SUBMISSION_FILE_MAX_BYTES = int(os.environ.get("SUBMISSION_FILE_MAX_BYTES", str(10 * 1024 * 1024)))
# How many drafts a partner may start, and how many files upload, in an hour.
SUBMISSION_HOURLY_LIMIT = int(os.environ.get("SUBMISSION_HOURLY_LIMIT", "30"))

# Peer review (reviews/): the quorum of a round, by kind of reviewer, and the days a reviewer has before
# their review is overdue. The criteria are the Hub's (reviews/criteria.py); REVIEW_CRITERIA replaces them.
REVIEW_QUORUM = {
    "internal": int(os.environ.get("REVIEW_QUORUM_INTERNAL", "1")),
    "external": int(os.environ.get("REVIEW_QUORUM_EXTERNAL", "2")),
}
REVIEW_DAYS = int(os.environ.get("REVIEW_DAYS", "21"))

# Any site may read the API from a browser; the rest of the site sends no CORS headers.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")

# Who runs the catalogue, as the About page and the footer say it (templates/browse/about.html). The logo is
# a path among the static files; the licence covers the descriptions the editors write, not the sources.
CATALOGUE = {
    "owner": os.environ.get("CATALOGUE_OWNER", "The migration practices catalogue team"),
    "owner_url": os.environ.get("CATALOGUE_OWNER_URL", ""),
    "logo": os.environ.get("CATALOGUE_LOGO", "img/favicon.svg"),
    "contact_email": os.environ.get("CATALOGUE_CONTACT_EMAIL", "catalogue@example.org"),
    "licence": os.environ.get("CATALOGUE_LICENCE", "CC BY 4.0"),
    "licence_url": os.environ.get("CATALOGUE_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"),
}
