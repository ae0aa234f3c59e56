"""masthead's one settings module.

Every value comes from the environment (see `.env.example` and the README's
configuration table). The defaults serve one machine: SQLite in the data
folder, local-memory cache, the database task queue, mail to the console.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PLACEHOLDER_SECRET_KEY = "insecure-placeholder-change-me"


def env_str(name: str, default: str = "") -> str:
    """A string variable; `NAME_FILE` may point at a file holding the value."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """A strict boolean: only `true` or `false` (any case), nothing else."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- Basics -----------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
DATA_DIR = Path(env_str("MASTHEAD_DATA_DIR", str(BASE_DIR / "data"))).resolve()
SECRET_KEY = env_str("SECRET_KEY", PLACEHOLDER_SECRET_KEY)
if not DEBUG and SECRET_KEY == PLACEHOLDER_SECRET_KEY:
    raise ImproperlyConfigured(
        "Set SECRET_KEY (or SECRET_KEY_FILE): the placeholder is refused when DEBUG is off."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = env_str("SITE_NAME", "The Meridian Review")
# Demo mode: mail goes to a local inbox page (/demo/inbox/) and the terminal.
DEMO_MODE = env_bool("DEMO_MODE", False)

# --- Applications -----------------------------------------------------------

INSTALLED_APPS = [
    "csp",
    "masthead.core",
    "masthead.photos",
    "masthead.articles",
    "masthead.demo",
    "masthead.pagecache",
    "masthead.newsletter",
    "masthead.discovery",
    "masthead.newsroom",
    "masthead.members",
    "masthead.analytics",
    "anymail",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Before the page cache, which would answer them with the home page.
    "masthead.newsroom.old_links.OldPostLinkMiddleware",
    # Outermost of the rest, so stored pages carry every header the others add.
    "masthead.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "masthead.core.content_policy.ContentPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The reader's access level, and their level cookie kept in step.
    "masthead.members.middleware.LevelMiddleware",
    # Staff who may open the admin prove a second factor (TOTP) first.
    "django_otp.middleware.OTPMiddleware",
    "masthead.newsroom.twofactor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"
AUTH_USER_MODEL = "core.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "masthead" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masthead.core.context_processors.settings",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": environ.Env.db_url_config(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer writes; IMMEDIATE takes the
    # write lock at BEGIN so concurrent writers queue instead of failing.
    # `optimize` (as SQLite's documentation advises on opening) refreshes
    # the planner's statistics, a bounded sample and only for tables that
    # changed much, so plans follow the archive as it grows.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA analysis_limit=400; PRAGMA optimize=0x10002;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # A file, not memory, when set: tests that start worker processes share it.
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_FILE") or None}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "masthead"),
        # An unreachable Redis is noticed in a second, not a TCP timeout.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
    CACHES = {
        # Reads from a stopped Redis are misses (core/cache.py).
        "default": {**_redis, "BACKEND": "masthead.core.cache.FailOpenRedisCache"},
        "pagecache": {**_redis, "KEY_PREFIX": _redis["KEY_PREFIX"] + ":pc"},
    }
else:
    # In-process memory: right for one server process (the demo runs one,
    # with threads). The clock and the task worker, in their own processes,
    # reach its store through a purge journal in the data folder
    # (masthead/pagecache/journal.py). Several hosts need REDIS_URL.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pagecache": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pagecache",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGECACHE_MAX_ENTRIES", 20000)},
        },
    }

# --- Page cache (masthead.pagecache) -----------------------------------------
PAGECACHE_ENABLED = env_bool("PAGECACHE_ENABLED", True)
# Shared caches (a CDN) may keep a page this long; browsers revalidate with ETag.
PAGECACHE_SHARED_MAX_AGE = env_int("PAGECACHE_SHARED_MAX_AGE", 300)
PAGECACHE_STALE_WHILE_REVALIDATE = env_int("PAGECACHE_STALE_WHILE_REVALIDATE", 60)
# Entries kept in each process's memory in front of the shared store.
PAGECACHE_LOCAL_ENTRIES = env_int("PAGECACHE_LOCAL_ENTRIES", 512)
# The query parameters pages read; others (utm_*) do not split the cache.
PAGECACHE_QUERY_PARAMS = ("before", "after")
# Pages that read more of the query string: each combination is its own
# entry, tagged `search` as well as with what it shows (every publish purges it).
PAGECACHE_PATH_QUERY_PARAMS = {
    "/search/": ("q", "type", "region", "kind", "author", "start", "end", "order", "page"),
}
# With Redis, each process keeps the store generation in step by
# publish/subscribe, so hits make no round trip (masthead/pagecache/sync.py).
PAGECACHE_SYNC_URL = REDIS_URL if env_bool("PAGECACHE_SYNC", True) else None
PAGECACHE_JOURNAL = None if REDIS_URL else str(DATA_DIR / "pagecache-purges")
PAGECACHE_SKIP_PREFIXES = (
    "/admin/",
    "/documents/",
    "/newsletter/",
    "/django-admin/",
    "/account/",
    "/join/",
    "/support/",
    "/members/",
)

# A CDN in front. Cloudflare and Fastly are purged by tag (pagecache/cdn.py):
# every cached page carries its tags in Cache-Tag and Surrogate-Key. A cache
# that takes HTTP PURGE (Varnish) is purged by URL, through Wagtail's
# frontend-cache backend.
CDN_TAG_PURGE = None
for _provider, _zone in (("cloudflare", "CLOUDFLARE_ZONE_ID"), ("fastly", "FASTLY_SERVICE_ID")):
    if not env_str(_zone):
        continue
    _token = f"{_provider.upper()}_API_TOKEN"
    if not env_str(_token):
        raise ImproperlyConfigured(f"{_zone} is set: set {_token} (or {_token}_FILE) too")
    if CDN_TAG_PURGE:
        raise ImproperlyConfigured("Set CLOUDFLARE_ZONE_ID or FASTLY_SERVICE_ID, not both")
    CDN_TAG_PURGE = {
        "provider": _provider,
        "zone": env_str(_zone),
        "token": env_str(_token),
        "api": env_str("CDN_API_URL"),
    }
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
        }
    }

# Short jobs (purges, single mails, scheduled sends) go through Django's
# Tasks API: the database queue on one machine (`manage.py db_worker`), RQ
# on Redis when there is one (`manage.py rqworker --job-class
# django_tasks_rq.Job --with-scheduler`). scripts/worker picks the right one.
# With Redis, a task Redis cannot take waits in the database queue instead
# (core/task_queue.py), which the workers also run.
TASK_BACKEND = env_str(
    "TASK_BACKEND",
    "masthead.core.task_queue.RQWithDatabaseFallback" if REDIS_URL else "django_tasks_db.DatabaseBackend",
)
# Long tasks (encoding pictures, photos/tasks.py; imports, newsroom/tasks.py)
# have a queue of their own, so a burst of them never delays a reader's
# confirmation mail or a purge.
TASK_QUEUES = ["default", "long"]
TASKS = {"default": {"BACKEND": TASK_BACKEND, "QUEUES": TASK_QUEUES}}
if REDIS_URL:
    TASKS["database"] = {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}
RQ_QUEUES = {
    name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600} for name in TASK_QUEUES
}

# --- Static files and media -------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "masthead" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# One machine serves its own uploads; a cluster puts them behind object storage.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
# A cluster keeps media in S3-compatible object storage (django-storages),
# served from the bucket or a CDN in front of it (MEDIA_DOMAIN), not by the
# app. Every object is written with a year's cache lifetime: rendition names
# carry their source's hash, and a replaced original gets a new name.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
MEDIA_ORIGIN = ""  # where pictures come from, when not this site (for the CSP)
if MEDIA_STORAGE == "s3":
    _media_domain = env_str("MEDIA_DOMAIN")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "custom_domain": _media_domain or None,
            "url_protocol": env_str("MEDIA_URL_PROTOCOL", "https:"),
            "querystring_auth": False,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    SERVE_MEDIA = False
    MEDIA_ORIGIN = (
        f"{env_str('MEDIA_URL_PROTOCOL', 'https:')}//{_media_domain}"
        if _media_domain
        else env_str("S3_ENDPOINT_URL")
    )
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"MEDIA_STORAGE is 'local' or 's3', not {MEDIA_STORAGE!r}")

# --- Wagtail ----------------------------------------------------------------

WAGTAILIMAGES_IMAGE_MODEL = "photos.Photo"
# Every new file is decoded in full before it is stored (photos/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "masthead.photos.uploads.PhotoForm"
# Pictures of WordPress, Ghost and Substack exports, one folder per export, for imports
# through the admin (manage.py import_export takes any folder).
IMPORT_MEDIA_ROOT = Path(env_str("IMPORT_MEDIA_ROOT", str(DATA_DIR / "import-media")))
# Pictures an import fetches from the old site (see newsroom/importing/fetch.py).
IMPORT_FETCH_TIMEOUT = 15  # seconds, per picture
IMPORT_FETCH_MAX_MB = 25
IMPORT_FETCH_WORKERS = 8
IMPORT_FETCH_PRIVATE = env_bool("IMPORT_FETCH_PRIVATE", False)
# Posts an import writes and commits together (newsroom/importing/bulk.py).
IMPORT_BATCH = env_int("IMPORT_BATCH", 500)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_MB", 20) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 60_000_000
WAGTAILIMAGES_AVIF_QUALITY = 55
WAGTAILIMAGES_WEBP_QUALITY = 78
WAGTAILIMAGES_JPEG_QUALITY = 80
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "link", "ol", "ul"]},
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "xlsx", "docx", "txt"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# --- Mail ---------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "masthead.demo.inbox.InboxBackend" if DEMO_MODE else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")
# Any django-anymail provider: EMAIL_BACKEND=anymail.backends.<provider>.EmailBackend
# plus its keys here (e.g. ANYMAIL_POSTMARK_SERVER_TOKEN); bounce and
# complaint webhooks go to /newsletter/anymail/<provider>/tracking/.
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_") and not key.endswith("_FILE")
}
ANYMAIL.setdefault("WEBHOOK_SECRET", env_str("ANYMAIL_WEBHOOK_SECRET") or None)

# --- Newsletter (masthead.newsletter) ------------------------------------------

# Editions go through this backend (blank: EMAIL_BACKEND); with SMTP the
# workers speak SMTP directly.
NEWSLETTER_EMAIL_BACKEND = env_str("NEWSLETTER_EMAIL_BACKEND")
NEWSLETTER_FROM_EMAIL = env_str("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# The domain in Message-IDs and List-Ids.
NEWSLETTER_LIST_DOMAIN = env_str(
    "NEWSLETTER_LIST_DOMAIN", NEWSLETTER_FROM_EMAIL.rpartition("@")[2] or "localhost"
)
NEWSLETTER_CONFIRM_DAYS = env_int("NEWSLETTER_CONFIRM_DAYS", 7)
NEWSLETTER_SIGNUPS_PER_IP_HOUR = env_int("NEWSLETTER_SIGNUPS_PER_IP_HOUR", 20)
NEWSLETTER_MAILS_PER_ADDRESS_HOUR = env_int("NEWSLETTER_MAILS_PER_ADDRESS_HOUR", 3)
# Messages per second across all workers; 0 is no cap.
NEWSLETTER_MAX_RATE = env_int("NEWSLETTER_MAX_RATE", 0)
NEWSLETTER_BATCH = env_int("NEWSLETTER_BATCH", 200)
NEWSLETTER_LEASE_SECONDS = env_int("NEWSLETTER_LEASE_SECONDS", 120)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 8)
# Count opens (a pixel) and clicks (signed redirect links) of editions; off
# unless the magazine turns it on and says so on its privacy page.
NEWSLETTER_ENGAGEMENT = env_bool("NEWSLETTER_ENGAGEMENT", False)

# --- Locale and security ----------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# SAMEORIGIN, not DENY: the admin's preview panel frames the site's pages.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# HTTPS=true where the site is served over TLS (production): HTTP is
# redirected, browsers are told to keep to HTTPS (HSTS) and cookies go over
# HTTPS only. Behind a proxy that ends TLS, TRUST_X_FORWARDED_PROTO=true
# lets its X-Forwarded-Proto header say the request was secure.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies (load balancer, CDN) stand in front of the app servers,
# each appending to X-Forwarded-For; 0 trusts only the connection's own
# address. Rate limits and the sign-in lockout count per client address.
PROXY_HOPS = env_int("PROXY_HOPS", 0)
# Per client address: searches a minute that reach the database (cached
# result pages are free), and CSP reports a minute (beyond it they are
# dropped unlogged, so a script cannot flood the log).
SEARCHES_PER_IP_MINUTE = env_int("SEARCHES_PER_IP_MINUTE", 60)
# Reader search orders by relevance the newest this many matches of a
# query (discovery/engine.py): ranking costs a body read per match, and
# 300 keeps a search page within 50 ms at 100,000 articles on two cores
# (bench/search). More ranks deeper into the archive, slower.
SEARCH_WINDOW = env_int("SEARCH_WINDOW", 300)
CSP_REPORTS_PER_IP_MINUTE = env_int("CSP_REPORTS_PER_IP_MINUTE", 20)
# Where Stripe's hosted pages (Checkout, the customer portal) live.
PAYMENT_PAGE_ORIGINS = env_list(
    "PAYMENT_PAGE_ORIGINS", "https://checkout.stripe.com,https://billing.stripe.com"
)
# A strict policy: scripts, styles, fonts, frames and form targets from this
# origin only; no inline script or style, no plugins. The reader pages need
# nothing else (JSON-LD is data, not script); pictures may also be data:
# URLs. Browsers report what it blocks to /csp-report/ (the server's log).
# The admin's exception is in core/content_policy.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Joining and giving post to masthead, which sends the reader on to
        # Stripe's hosted pages: a redirect the policy must allow.
        "form-action": ["'self'", *PAYMENT_PAGE_ORIGINS],
        "frame-ancestors": ["'self'"],
        "report-uri": "/csp-report/",
    }
}
# Staff browsers fetch nothing from elsewhere: no Gravatar pictures (they
# tell Gravatar who is signed in), no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Staff security ------------------------------------------------------------

# Two-factor sign-in (TOTP) for everyone who may open the admin; on by
# default, off in the demo so its printed logins work at once.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", not DEMO_MODE)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Sign-in rate limit (django-axes): after LOGIN_FAILURE_LIMIT failures for
# one username from one address, that pair is refused for the lockout time.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Members sign in with a mailed link (members/accounts.py).
    "sesame.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "newsroom/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "masthead.core.ratelimit.client_ip"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Wagtail logs every page action at INFO; the audit log keeps them anyway.
    "loggers": {
        "wagtail": {"level": env_str("LOG_LEVEL_WAGTAIL", "WARNING")},
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": env_str("LOG_LEVEL_TASKS", "WARNING")},
    },
}

# --- Members ----------------------------------------------------------------------

# How long a member's level cookie is believed without asking the database
# (a tier change voids it at once; see core/access.py).
LEVEL_COOKIE_MAX_AGE = env_int("LEVEL_COOKIE_MAX_AGE", 3600)

# Sign-in links (django-sesame): one use, for 15 minutes.
SESAME_MAX_AGE = env_int("MEMBERS_SIGN_IN_MINUTES", 15) * 60
SESAME_ONE_TIME = True
SESAME_TOKEN_NAME = "token"
MEMBERS_SIGN_INS_PER_ADDRESS_HOUR = env_int("MEMBERS_SIGN_INS_PER_ADDRESS_HOUR", 5)
MEMBERS_SIGN_INS_PER_IP_HOUR = env_int("MEMBERS_SIGN_INS_PER_IP_HOUR", 30)
MEMBERS_EMAIL_CHANGE_HOURS = env_int("MEMBERS_EMAIL_CHANGE_HOURS", 24)
# Prices and gifts: the currency (ISO 4217, lower case as Stripe takes it),
# the suggested amounts (whole units) and a gift's bounds.
MEMBERS_CURRENCY = env_str("MEMBERS_CURRENCY", "eur").lower()
MEMBERS_DONATION_AMOUNTS = [int(a) for a in env_list("MEMBERS_DONATION_AMOUNTS", "5,10,25,50")]
MEMBERS_DONATION_MIN = env_int("MEMBERS_DONATION_MIN", 2)
MEMBERS_DONATION_MAX = env_int("MEMBERS_DONATION_MAX", 10000)
MEMBERS_TRIAL_DAYS = env_int("MEMBERS_TRIAL_DAYS", 0)
# After a failed renewal a member keeps their tier this long.
MEMBERS_GRACE_DAYS = env_int("MEMBERS_GRACE_DAYS", 7)
# The registration wall (members/meter.py): after this many articles in 30
# days an anonymous reader is asked to sign up free. 0, the default: off (it
# sets a cookie on readers, which the privacy page then says).
MEMBERS_REGISTRATION_WALL = env_int("MEMBERS_REGISTRATION_WALL", 0)

# Stripe. STRIPE_API_BASE points the library at another server (the demo's
# and the tests' fake); empty means Stripe itself.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "")
STRIPE_WEBHOOK_MAX_BYTES = env_int("STRIPE_WEBHOOK_MAX_BYTES", 512 * 1024)
# The card fee a donor may choose to cover: a percentage plus a fixed part in cents.
STRIPE_FEE_PERCENT = float(env_str("STRIPE_FEE_PERCENT", "1.5"))
STRIPE_FEE_FIXED = env_int("STRIPE_FEE_FIXED", 25)
if (
    not DEBUG
    and not DEMO_MODE
    and STRIPE_SECRET_KEY.startswith(("sk_test_", "rk_test_"))
    and not env_bool("STRIPE_ALLOW_TEST_KEYS", False)
):
    raise ImproperlyConfigured(
        "STRIPE_SECRET_KEY is a test key: no reader could pay. Set a live key, "
        "or STRIPE_ALLOW_TEST_KEYS=true for a staging site."
    )

# --- Analytics ----------------------------------------------------------------------

# Counted on masthead's own database, without cookies (docs/analytics.md).
ANALYTICS_RAW_DAYS = env_int("ANALYTICS_RAW_DAYS", 30)
# Unwritten events a process may hold: what a crash can lose at most, and at
# ordinary traffic far more than ANALYTICS_FLUSH_SECONDS bring in.
ANALYTICS_BATCH = env_int("ANALYTICS_BATCH", 20000)
ANALYTICS_FLUSH_SECONDS = float(env_str("ANALYTICS_FLUSH_SECONDS", "2"))
ANALYTICS_BEACONS_PER_IP_MINUTE = env_int("ANALYTICS_BEACONS_PER_IP_MINUTE", 120)
ANALYTICS_HONOUR_DNT = env_bool("ANALYTICS_HONOUR_DNT", True)
ANALYTICS_MOST_READ = env_int("ANALYTICS_MOST_READ", 5)
