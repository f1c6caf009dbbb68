// Service worker of building sweeps: keeps the sweep pages and their assets for use without
// signal. Pages: network first, the kept copy when there is no network. Assets: kept copy
// first. The visit API is never cached: entries wait in the page's IndexedDB queue instead.
// Any other page the browser cannot reach without signal gets the offline page, not the
// browser's own error.
"use strict";
var VERSION = "{{ version }}";
// Assets and the offline page belong to one version of this script and go with it; pages are
// kept across versions, so what was opened for use without signal survives an update.
var ASSET_CACHE = "grassroots-sweeps-assets-" + VERSION;
var PAGE_CACHE = "grassroots-sweeps-pages";
var OLD_CACHE = "grassroots-sweeps-v1"; // pages and assets together, before they were apart
var ASSETS = { {% for plain, served in assets %}"{{ plain|escapejs }}": "{{ served|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %} };
var PAGES = "{{ home|escapejs }}";
var OFFLINE = "{{ offline|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSET_CACHE).then(function (cache) {
    var urls = Object.keys(ASSETS).map(function (plain) { return new Request(ASSETS[plain], { cache: "reload" }); });
    return cache.addAll(urls).then(function () {
      // Without cookies: the offline page is the same for everyone and never a redirect.
      return fetch(new Request(OFFLINE, { cache: "reload", credentials: "omit" }));
    }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("offline page: " + response.status);
      return cache.put(OFFLINE, response);
    });
  }).then(function () { return self.skipWaiting(); }));
});

function keepPages(name) {
  // The first version kept pages with its assets: move the pages over before it goes.
  return caches.open(name).then(function (old) {
    return Promise.all([old.keys(), caches.open(PAGE_CACHE)]).then(function (both) {
      return Promise.all(both[0].filter(function (request) {
        return new URL(request.url).pathname.indexOf("/static/") !== 0;
      }).map(function (request) {
        return old.match(request).then(function (response) { if (response) return both[1].put(request, response); });
      }));
    });
  });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("grassroots-sweeps-") === 0 && name !== ASSET_CACHE && name !== PAGE_CACHE;
    }).map(function (name) {
      return (name === OLD_CACHE ? keepPages(name) : Promise.resolve()).then(function () { return caches.delete(name); });
    }));
  }).then(function () { return self.clients.claim(); }));
});

function isPage(url) {
  return url.pathname.indexOf(PAGES) === 0 && url.pathname.indexOf("/photo/") < 0 && url.pathname !== OFFLINE;
}

function offlinePage() {
  return caches.match(OFFLINE).then(function (kept) {
    return kept || new Response("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
      "<p style='font:16px sans-serif;padding:1rem'>\u5f53\u524d\u79bb\u7ebf\uff0c\u65e0\u6cd5\u6253\u5f00\u6b64\u9875\u9762\u3002</p>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

function asset(request, url) {
  return caches.match(request).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(ASSET_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      // A page kept before an update names the assets of that time (their names carry a hash
      // of their content in production): serve the current ones under the plain name.
      var current = ASSETS[url.pathname.replace(/\.[0-9a-f]{12}(\.[^./]+)$/, "$1")];
      return (current ? caches.match(current) : Promise.resolve(null)).then(function (found) {
        return found || Response.error();
      });
    });
  });
}

function page(request) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(PAGE_CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreVary: true }).then(function (kept) { return kept || offlinePage(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request, url));
  } else if (isPage(url)) {
    event.respondWith(page(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

function keep(cache, url) {
  return fetch(url, { credentials: "same-origin" }).then(function (response) {
    if (response.ok && !response.redirected) return cache.put(url, response);
  }).catch(function () {});
}

// A page asks for the pages it links to (the rooms of a building...) to be kept beforehand,
// and for itself again after a sync, so its kept copy shows the rooms as they now are. The
// sweep's first page is kept too, once: the offline page leads back to it.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cache" || !Array.isArray(data.urls)) return;
  event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) {
    var home = new URL(PAGES, self.location.origin).href;
    return Promise.all(data.urls.filter(function (u) { return isPage(new URL(u)); }).map(function (u) {
      return keep(cache, u);
    }).concat(cache.match(home).then(function (kept) { if (!kept) return keep(cache, home); })));
  }).then(function () {
    if (event.ports && event.ports[0]) event.ports[0].postMessage({ cached: data.urls.length });
  }));
});
