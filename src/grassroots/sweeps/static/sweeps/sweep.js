// Building sweeps on the phone: entries wait in the browser (IndexedDB) and are sent to the
// visit API when there is a connection. Each entry carries an idempotency key made here once,
// so sending it again (a retry, a replay) never makes a second visit on the server.
(function () {
  "use strict";
  var bar = document.getElementById("sweep-bar");
  if (!bar) return;
  var API = bar.dataset.api;
  var DB_NAME = "grassroots-sweeps";
  var MAX_SIDE = 1280;
  var text = {
    online: bar.dataset.tOnline, offline: bar.dataset.tOffline, saved: bar.dataset.tSaved,
    signIn: bar.dataset.tSignIn, refused: bar.dataset.tRefused
  };
  var signedOut = false;

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("queue", { keyPath: "key" });
        request.result.createObjectStore("sent", { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function tx(store, mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode);
        var result = work(t.objectStore(store));
        t.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : bar.dataset.csrf;
  }

  var queue = {
    all: function () { return tx("queue", "readonly", function (s) { return s.getAll(); }); },
    sent: function () { return tx("sent", "readonly", function (s) { return s.getAll(); }); },
    add: function (entry) {
      return tx("queue", "readwrite", function (s) { s.put({ key: entry.key, entry: entry, error: "" }); })
        .then(refresh).then(flush);
    },
    remove: function (key) { return tx("queue", "readwrite", function (s) { s.delete(key); }); },
    flushing: false
  };

  function send(item) {
    return fetch(API, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(item.entry)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  function settle(item, answer) {
    if (answer.status === 200 || answer.status === 201) {
      signedOut = false;
      return tx("sent", "readwrite", function (s) {
        s.put({ key: item.key, entry: item.entry, visit: answer.body.id, at: new Date().toISOString() });
      }).then(function () { return queue.remove(item.key); });
    }
    if (answer.status === 401 || answer.status === 403) {
      signedOut = true;
      throw new Error("signed out");
    }
    // 404/409/422: the server will not take this entry as it is; keep it and say why.
    item.error = (answer.body && answer.body.detail) || String(answer.status);
    return tx("queue", "readwrite", function (s) { s.put(item); });
  }

  function flush() {
    if (queue.flushing || !navigator.onLine) return Promise.resolve();
    queue.flushing = true;
    return queue.all().then(function (items) {
      var pending = items.filter(function (i) { return !i.error; });
      return pending.reduce(function (chain, item) {
        return chain.then(function () { return send(item).then(function (a) { return settle(item, a); }); });
      }, Promise.resolve());
    }).catch(function () { /* offline or signed out: try again later */ })
      .then(function () { queue.flushing = false; return refresh(); });
  }

  function problem(message, refused) {
    var box = document.querySelector("[data-queue-refused]");
    box.querySelector("[data-queue-problem]").textContent = message;
    box.querySelector("[data-discard]").hidden = !refused;
    box.hidden = !message;
  }

  function discardRefused() {
    return queue.all().then(function (items) {
      return Promise.all(items.filter(function (i) { return i.error; })
        .map(function (i) { return queue.remove(i.key); }));
    }).then(function () { problem(""); return refresh(); });
  }

  function refresh() {
    var net = bar.querySelector("[data-net]");
    net.textContent = navigator.onLine ? text.online : text.offline;
    net.classList.toggle("off", !navigator.onLine);
    return queue.all().then(function (items) {
      bar.querySelector("[data-queue-count]").textContent = String(items.length);
      var refused = items.filter(function (i) { return i.error; });
      problem(refused.length ? text.refused + refused.map(function (i) { return i.error; }).join("；")
        : (signedOut && items.length ? text.signIn : ""), refused.length > 0);
      markRooms(items);
    });
  }

  function markRooms(items) {
    var label = document.getElementById("queued-label");
    items.forEach(function (item) {
      var state = document.querySelector('[data-state="' + item.entry.room + '"]');
      if (state && label) { state.textContent = label.content.textContent; state.className = "state queued"; }
    });
  }

  // --- photos: resized here before they are stored or sent ---------------------------------
  function resize(file) {
    if (!file) return Promise.resolve(null);
    return new Promise(function (resolve, reject) {
      var image = new Image();
      var url = URL.createObjectURL(file);
      image.onload = function () {
        var scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(image.width * scale);
        canvas.height = Math.round(image.height * scale);
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        resolve(canvas.toDataURL("image/jpeg", 0.7));
      };
      image.onerror = function () { URL.revokeObjectURL(url); reject(new Error("image")); };
      image.src = url;
    });
  }

  // --- the visit form ----------------------------------------------------------------------
  function residentFields(block) {
    var values = {};
    block.querySelectorAll("[data-f]").forEach(function (input) { values[input.dataset.f] = input.value.trim(); });
    values.special_groups = Array.prototype.map.call(block.querySelectorAll("[data-group]:checked"),
      function (box) { return box.value; }).join("\u3001");
    return values;
  }

  function collect(form) {
    var met = form.querySelector('[name="outcome"]:checked').value === "met";
    var entry = {
      key: newKey(), room: Number(form.dataset.room), campaign: Number(form.dataset.campaign),
      visited_at: new Date().toISOString(), outcome: met ? "met" : "no_answer",
      room_use: form.querySelector('[name="room_use"]').value, confirmed: [], moved_out: [],
      new_residents: [], hazards: [], note: form.querySelector('[name="note"]').value.trim()
    };
    if (met) {
      form.querySelectorAll("[data-resident]").forEach(function (row) {
        var choice = row.querySelector("input:checked").value;
        entry[choice].push(Number(row.dataset.resident));
      });
      form.querySelectorAll(".new-resident").forEach(function (block) { entry.new_residents.push(residentFields(block)); });
    }
    var photos = [resize(form.querySelector('[name="photo"]').files[0]).then(function (p) { entry.photo = p; })];
    form.querySelectorAll('[name="hazard"]:checked').forEach(function (box) {
      var hazard = { kind: box.value, note: form.querySelector('[name="hazard-note-' + box.value + '"]').value.trim() };
      entry.hazards.push(hazard);
      photos.push(resize(form.querySelector('[name="hazard-photo-' + box.value + '"]').files[0])
        .then(function (p) { hazard.photo = p; }));
    });
    return Promise.all(photos).then(function () { return entry; });
  }

  function setUpForm(form) {
    var template = document.getElementById("new-resident");
    form.querySelector("[data-add-resident]").addEventListener("click", function () {
      var block = template.content.firstElementChild.cloneNode(true);
      block.querySelector("[data-remove-resident]").addEventListener("click", function () { block.remove(); });
      document.getElementById("new-residents").appendChild(block);
      block.querySelector("input").focus();
    });
    form.querySelectorAll('[name="hazard"]').forEach(function (box) {
      box.addEventListener("change", function () { box.closest(".hazard-choice").querySelector(".hazard-detail").hidden = !box.checked; });
    });
    form.querySelectorAll('[name="outcome"]').forEach(function (radio) {
      radio.addEventListener("change", function () {
        var met = form.querySelector('[name="outcome"]:checked').value === "met";
        form.querySelectorAll("[data-when-met]").forEach(function (part) { part.hidden = !met; });
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var missing = Array.prototype.filter.call(form.querySelectorAll('.new-resident [data-f="name"]'), function (i) { return !i.value.trim(); });
      if (missing.length) { missing[0].focus(); return; }
      var button = form.querySelector('[type="submit"]');
      button.disabled = true;
      collect(form).then(function (entry) { return queue.add(entry); }).then(function () {
        form.querySelector("[data-result]").textContent = text.saved;
        window.setTimeout(function () { window.location.assign(form.dataset.back); }, 600);
      }).catch(function (error) {
        button.disabled = false;
        form.querySelector("[data-result]").textContent = String(error);
      });
    });
  }

  // --- offline pages: the service worker keeps the sweep pages and their assets ------------
  function setUpWorker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) {
      document.querySelector("[data-no-offline]").hidden = false;
      return;
    }
    navigator.serviceWorker.register(bar.dataset.sw, { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var links = Array.prototype.map.call(document.querySelectorAll("a[data-precache]"), function (a) { return a.href; });
      links.push(window.location.href);
      var worker = registration.active;
      if (!worker) return;
      var channel = new MessageChannel();
      channel.port1.onmessage = function () {
        bar.dataset.offlineReady = "1";
        bar.querySelector("[data-offline-ready]").hidden = false;
      };
      worker.postMessage({ type: "cache", urls: links }, [channel.port2]);
    }).catch(function () { document.querySelector("[data-no-offline]").hidden = false; });
  }

  window.sweepQueue = queue;
  queue.flush = flush;
  queue.refresh = refresh;
  bar.querySelector("[data-send-now]").addEventListener("click", flush);
  document.querySelector("[data-discard]").addEventListener("click", discardRefused);
  window.addEventListener("online", function () { refresh().then(flush); });
  window.addEventListener("offline", refresh);
  window.setInterval(flush, 20000);
  var form = document.getElementById("visit-form");
  if (form) setUpForm(form);
  setUpWorker();
  refresh().then(flush);
})();
