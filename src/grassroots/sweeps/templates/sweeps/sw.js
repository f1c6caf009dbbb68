// Service worker of building sweeps: keeps the sweep pages and their assets for use without
// signal. Pages: network first, the kept copy when there is no network. Assets: kept copy
// first. The visit API is never cached: entries wait in the page's IndexedDB queue instead.
"use strict";
var CACHE = "grassroots-sweeps-v1";
var ASSETS = [{% for a in assets %}"{{ a|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var PAGES = "{{ home|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(ASSETS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function isPage(url) {
  return url.pathname.indexOf(PAGES) === 0 && url.pathname.indexOf("/photo/") < 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (kept) {
      return kept || fetch(request).then(function (response) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        return response;
      });
    }));
  } else if (isPage(url)) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !response.redirected) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (kept) {
        return kept || new Response("<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
          "<p style='font:16px sans-serif;padding:1rem'>\u79bb\u7ebf\uff1a\u6b64\u9875\u9762\u5c1a\u672a\u7f13\u5b58\uff0c\u8bf7\u5728\u6709\u4fe1\u53f7\u65f6\u6253\u5f00\u4e00\u6b21\u3002</p>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      });
    }));
  }
});

// A page asks for the pages it links to (the rooms of a building...) to be kept beforehand.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cache" || !Array.isArray(data.urls)) return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(data.urls.filter(function (u) { return isPage(new URL(u)); }).map(function (u) {
      return fetch(u, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) return cache.put(u, response);
      }).catch(function () {});
    }));
  }).then(function () {
    if (event.ports && event.ports[0]) event.ports[0].postMessage({ cached: data.urls.length });
  }));
});
