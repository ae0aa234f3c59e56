"""Purging a CDN by tag.

Every cached page names what it shows in `Cache-Tag` (Cloudflare, comma
separated) and `Surrogate-Key` (Fastly, space separated), the same tags our
own store is purged by. So a publish purges at the CDN exactly what it
purges here, the article, every listing, rail and feed that shows it, in
one or two API calls, without working out URLs.

`settings.CDN_TAG_PURGE` holds the provider, its zone (Cloudflare) or
service (Fastly), the API token and, for tests, another API base URL.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings

# The most tags one API call may carry.
BATCH = {"cloudflare": 100, "fastly": 256}
API = {"cloudflare": "https://api.cloudflare.com/client/v4", "fastly": "https://api.fastly.com"}


class PurgeRefused(Exception):
    """The CDN did not take a purge; `retry_after` is its hint, in seconds."""

    def __init__(self, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def configured() -> dict | None:
    return getattr(settings, "CDN_TAG_PURGE", None)


def _request(config: dict, batch: list[str]) -> urllib.request.Request:
    api = (config.get("api") or API[config["provider"]]).rstrip("/")
    if config["provider"] == "cloudflare":
        return urllib.request.Request(
            f"{api}/zones/{config['zone']}/purge_cache",
            data=json.dumps({"tags": batch}).encode(),
            headers={"Authorization": f"Bearer {config['token']}", "Content-Type": "application/json"},
            method="POST",
        )
    return urllib.request.Request(
        f"{api}/service/{config['zone']}/purge",
        data=json.dumps({"surrogate_keys": batch}).encode(),
        headers={"Fastly-Key": config["token"], "Content-Type": "application/json"},
        method="POST",
    )


def _send(request: urllib.request.Request, provider: str) -> None:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
    except urllib.error.HTTPError as error:
        hint = error.headers.get("Retry-After", "")
        detail = error.read(500).decode("utf-8", "replace")
        raise PurgeRefused(
            f"{provider} refused the purge: HTTP {error.code} {detail}",
            int(hint) if hint.isdigit() else None,
        ) from None
    except OSError as error:
        raise PurgeRefused(f"{provider} could not be reached: {error}") from None
    if provider == "cloudflare":
        # Cloudflare can answer 200 with {"success": false, "errors": [...]}.
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {}
        if answer.get("success") is not True:
            raise PurgeRefused(f"cloudflare refused the purge: {body[:500].decode('utf-8', 'replace')}")


def purge_tags(tags) -> int:
    """Purge every object the CDN keeps under any of `tags`. Returns the
    number of API calls made; raises PurgeRefused on the first refused."""
    config = configured()
    tags = sorted(set(tags))
    if config is None or not tags:
        return 0
    size = BATCH[config["provider"]]
    batches = [tags[i : i + size] for i in range(0, len(tags), size)]
    for batch in batches:
        _send(_request(config, batch), config["provider"])
    return len(batches)
