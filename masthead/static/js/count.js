// One page view, sent to this site and nowhere else: no cookie, no storage.
// What is counted and kept: docs/analytics.md.
(function () {
  var page = document.body.getAttribute("data-page");
  var beacon = JSON.stringify({
    p: page ? Number(page) : null,
    u: location.pathname,
    r: document.referrer,
    q: location.search
  });
  if (navigator.sendBeacon) {
    navigator.sendBeacon("/a/", beacon);
  } else if (window.fetch) {
    fetch("/a/", { method: "POST", body: beacon, keepalive: true });
  }
})();
