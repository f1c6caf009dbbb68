// Building sweeps on the phone: entries wait in the browser (IndexedDB) and are sent to the
// visit API when there is a connection. Each entry carries an idempotency key made here once,
// so sending it again (a retry, a replay, a corrected entry) never makes a second visit.
// A new resident is checked here before the visit is queued (checks.js); what the server still
// refuses is listed with the reasons in Chinese, to be corrected ("修改") and sent again.
(function () {
  "use strict";
  var bar = document.getElementById("sweep-bar");
  if (!bar) return;
  var API = bar.dataset.api;
  var DB_NAME = "grassroots-sweeps";
  var MAX_SIDE = 1280;
  var SENT_DAYS = 180; // how long the phone remembers what it sent, to show rooms as visited
  var text = {
    online: bar.dataset.tOnline, offline: bar.dataset.tOffline, saved: bar.dataset.tSaved,
    signIn: bar.dataset.tSignIn, fix: bar.dataset.tFix, room: bar.dataset.tRoom,
    confirmDelete: bar.dataset.tConfirmDelete, gone: bar.dataset.tGone, keptPhoto: bar.dataset.tKeptPhoto
  };
  var rules = JSON.parse(document.getElementById("sweep-rules").textContent);
  var checks = window.sweepChecks;
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
    get: function (key) { return tx("queue", "readonly", function (s) { return s.get(key); }); },
    // A new entry, or a corrected one under its old key: either waits until it is sent.
    put: function (entry, address) {
      var item = { key: entry.key, entry: entry, error: "", errors: [], address: address || "" };
      return tx("queue", "readwrite", function (s) { s.put(item); }).then(refresh).then(flush);
    },
    add: function (entry, address) { return queue.put(entry, address); },
    remove: function (key) { return tx("queue", "readwrite", function (s) { s.delete(key); }); },
    flushing: false,
    again: false
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

  // --- what the server said, in words for the person holding the phone ---------------------
  function describe(body, status) {
    body = body || {};
    if (Array.isArray(body.errors) && body.errors.length) {
      return body.errors.map(function (e) { return { field: e.field || "", message: e.message || "" }; });
    }
    var field = Array.isArray(body.fields) && body.fields.length ? body.fields[0] : "";
    return [{ field: field, message: body.detail || String(status) }];
  }

  function fieldLabel(field) {
    var labels = rules.labels;
    var parts = String(field || "").split(".");
    if (parts[0] === "new_residents" && /^\d+$/.test(parts[1] || "")) {
      var who = checks.format(labels.new_resident, { n: Number(parts[1]) + 1 });
      return parts[2] && labels[parts[2]] ? who + " " + labels[parts[2]] : who;
    }
    if (parts[0] === "hazards") return parts[2] === "photo" ? labels.hazard_photo : labels.hazards;
    return labels[field] || "";
  }

  function readable(error) {
    var label = fieldLabel(error.field);
    return label ? label + "\uff1a" + error.message : error.message;
  }

  function reasons(item) {
    return item.errors && item.errors.length ? item.errors : [{ field: "", message: item.error }];
  }

  function withoutPhotos(entry) {
    var copy = JSON.parse(JSON.stringify(entry));
    delete copy.photo;
    (copy.hazards || []).forEach(function (h) { delete h.photo; });
    return copy;
  }

  function settle(item, answer) {
    if (answer.status === 200 || answer.status === 201) {
      signedOut = false;
      // Remembered without its photos: only to show the room as visited on kept pages.
      return tx("sent", "readwrite", function (s) {
        s.put({ key: item.key, entry: withoutPhotos(item.entry), visit: answer.body.id, at: new Date().toISOString() });
      }).then(function () { return queue.remove(item.key); }).then(function () { return true; });
    }
    if (answer.status === 401 || answer.status === 403) {
      signedOut = true;
      throw new Error("signed out");
    }
    if (answer.status === 429 || answer.status >= 500) throw new Error("try again later");
    // 404/409/422: the server will not take this entry as it is; keep it and say why.
    item.errors = describe(answer.body, answer.status);
    item.error = item.errors.map(readable).join("\uff1b");
    return tx("queue", "readwrite", function (s) { s.put(item); }).then(function () { return false; });
  }

  function flush() {
    if (!navigator.onLine) return Promise.resolve();
    if (queue.flushing) { queue.again = true; return Promise.resolve(); }
    queue.flushing = true;
    queue.again = false;
    var sentAny = false;
    return queue.all().then(function (items) {
      var pending = items.filter(function (i) { return !i.error; });
      return pending.reduce(function (chain, item) {
        return chain.then(function () {
          return send(item).then(function (a) { return settle(item, a); }).then(function (ok) { sentAny = sentAny || ok; });
        });
      }, Promise.resolve());
    }).catch(function () { /* offline or signed out: try again later */ })
      .then(function () {
        queue.flushing = false;
        if (sentAny) keepPages();
        return refresh();
      }).then(function () { if (queue.again) return flush(); });
  }

  // --- the bar: signal, what waits, what was refused ----------------------------------------
  function roomUrl(room) { return bar.dataset.roomUrl.replace(/\/0\/$/, "/" + room + "/"); }

  function shortTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    function two(n) { return ("0" + n).slice(-2); }
    return two(d.getMonth() + 1) + "-" + two(d.getDate()) + " " + two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function discard(key) {
    if (!window.confirm(text.confirmDelete)) return;
    queue.remove(key).then(refresh);
  }

  function showRefused(refused) {
    var box = document.querySelector("[data-queue-refused]");
    var list = box.querySelector("[data-refused-list]");
    var template = document.getElementById("refused-item");
    list.textContent = "";
    refused.forEach(function (item) {
      var li = template.content.firstElementChild.cloneNode(true);
      li.dataset.key = item.key;
      li.querySelector("[data-where]").textContent = item.address || text.room;
      li.querySelector("[data-when]").textContent = shortTime(item.entry.visited_at);
      var why = li.querySelector("[data-reasons]");
      reasons(item).forEach(function (error) {
        var line = document.createElement("li");
        line.textContent = readable(error);
        why.appendChild(line);
      });
      li.querySelector("[data-edit]").href = roomUrl(item.entry.room) + "#edit=" + item.key;
      li.querySelector("[data-delete]").addEventListener("click", function () { discard(item.key); });
      list.appendChild(li);
    });
    box.hidden = refused.length === 0;
  }

  function refresh() {
    var net = bar.querySelector("[data-net]");
    net.textContent = navigator.onLine ? text.online : text.offline;
    net.classList.toggle("off", !navigator.onLine);
    return queue.all().then(function (items) {
      bar.querySelector("[data-queue-count]").textContent = String(items.length);
      var refused = items.filter(function (i) { return i.error; });
      // The one being corrected on this page is listed in its form, not twice.
      showRefused(refused.filter(function (i) { return !editing || i.key !== editing.key; }));
      var signIn = document.querySelector("[data-signed-out]");
      signIn.textContent = text.signIn;
      signIn.hidden = !(signedOut && items.length > refused.length);
      return markRooms(items);
    });
  }

  // The building page shows each room as the server last said, then what this phone has sent
  // since (a kept copy opened without signal knows nothing of it), then what still waits.
  function markRooms(items) {
    var list = document.querySelector("[data-testid=rooms][data-campaign]");
    if (!list) return Promise.resolve();
    var campaign = Number(list.dataset.campaign);
    var label = document.getElementById("queued-label");
    return queue.sent().then(function (sent) {
      var visited = {};
      sent.forEach(function (s) {
        if (s.entry.campaign !== campaign) return;
        if (s.entry.outcome === "met") visited[s.entry.room] = "done";
        else if (!visited[s.entry.room]) visited[s.entry.room] = "tried";
      });
      var waiting = {};
      items.forEach(function (i) { waiting[i.entry.room] = true; });
      var done = 0, total = 0;
      list.querySelectorAll("[data-state]").forEach(function (state) {
        if (state.dataset.base === undefined) {
          state.dataset.base = state.classList.contains("done") ? "done" : state.classList.contains("tried") ? "tried" : "";
          state.dataset.baseText = state.textContent;
        }
        var room = Number(state.dataset.state);
        var base = state.dataset.base;
        var now = base === "done" || visited[room] === "done" ? "done"
          : base === "tried" || visited[room] === "tried" ? "tried" : "";
        total += 1;
        if (now === "done") done += 1;
        if (waiting[room] && label) now = "queued";
        state.className = "state" + (now ? " " + now : "");
        state.textContent = now === "queued" ? label.content.textContent
          : now === "done" ? list.dataset.tDone : now === "tried" ? list.dataset.tTried : state.dataset.baseText;
      });
      var summary = document.querySelector("[data-visited-summary]");
      if (summary) summary.textContent = summary.dataset.template.replace("{v}", done).replace("{n}", total);
    });
  }

  function forgetOldSent() {
    var before = new Date(Date.now() - SENT_DAYS * 86400000).toISOString();
    return queue.sent().then(function (sent) {
      var old = sent.filter(function (s) { return !s.at || s.at < before; });
      if (!old.length) return;
      return tx("sent", "readwrite", function (s) { old.forEach(function (o) { s.delete(o.key); }); });
    }).catch(function () {});
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
  var editing = null; // the refused item being corrected, if the page was opened to edit one
  var errorIds = 0;
  var residentIds = 0;

  function residentFields(block) {
    var values = {};
    block.querySelectorAll("[data-f]").forEach(function (input) { values[input.dataset.f] = input.value.trim(); });
    values.special_groups = Array.prototype.map.call(block.querySelectorAll("[data-group]:checked"),
      function (box) { return box.value; }).join("\u3001");
    return values;
  }

  // One message (or none) under a field, tied to its input for screen readers.
  function showError(input, message) {
    var field = input.closest(".field") || input.parentNode;
    var list = field.querySelector(".errorlist[data-error]");
    if (!message) {
      if (list) list.remove();
      field.classList.remove("has-error");
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
      return;
    }
    if (!list) {
      list = document.createElement("ul");
      list.className = "errorlist";
      list.dataset.error = "";
      list.id = "field-error-" + (++errorIds);
      field.appendChild(list);
    }
    list.textContent = "";
    var line = document.createElement("li");
    line.textContent = message;
    list.appendChild(line);
    field.classList.add("has-error");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", list.id);
  }

  // Check one new resident; show each problem under its field (before a first save, only under
  // the fields already filled in). Returns the first input that has a problem.
  function checkBlock(block) {
    var problems = {};
    checks.resident(residentFields(block), rules.resident).forEach(function (p) {
      (problems[p[0]] = problems[p[0]] || []).push(p[1]);
    });
    var first = null;
    block.querySelectorAll("[data-f]").forEach(function (input) {
      var mine = problems[input.dataset.f];
      var shown = block.dataset.checked || input.dataset.touched;
      var message = mine && shown ? mine.join("\uff1b") : "";
      if (!message && input.dataset.serverError && !input.dataset.touched) message = input.dataset.serverError;
      showError(input, message);
      if (mine && !first) first = input;
    });
    return first;
  }

  function addResident() {
    var template = document.getElementById("new-resident");
    var block = template.content.firstElementChild.cloneNode(true);
    var n = ++residentIds;
    block.querySelectorAll(".field").forEach(function (field) {
      var label = field.querySelector(":scope > label");
      var control = field.querySelector("[data-f]");
      if (!label || !control) return;
      control.id = "new-resident-" + n + "-" + control.dataset.f;
      label.htmlFor = control.id;
    });
    block.querySelector("[data-remove-resident]").addEventListener("click", function () { block.remove(); });
    block.addEventListener("change", function (event) {
      if (event.target.dataset.f) event.target.dataset.touched = "1";
      checkBlock(block);
    });
    block.addEventListener("input", function (event) {
      var input = event.target;
      // While typing, only take a message away; a new one waits until the field is left.
      if (input.dataset.f && input.closest(".field").classList.contains("has-error")) {
        input.dataset.touched = "1";
        var still = checks.resident(residentFields(block), rules.resident).some(function (p) { return p[0] === input.dataset.f; });
        if (!still) showError(input, "");
      }
    });
    document.getElementById("new-residents").appendChild(block);
    return block;
  }

  function result(form, message, bad) {
    var box = form.querySelector("[data-result]");
    box.textContent = message;
    box.classList.toggle("error", !!bad);
  }

  function keptPhoto(input, photo) {
    var note = input.parentNode.querySelector("[data-kept-photo]");
    if (!photo) { if (note) note.remove(); return; }
    if (!note) {
      note = document.createElement("span");
      note.className = "helptext";
      note.dataset.keptPhoto = "";
      note.textContent = text.keptPhoto;
      input.insertAdjacentElement("afterend", note);
    }
  }

  function collect(form) {
    var met = form.querySelector('[name="outcome"]:checked').value === "met";
    var base = editing ? editing.entry : null;
    var entry = {
      key: base ? base.key : newKey(), room: Number(form.dataset.room),
      campaign: base ? base.campaign : Number(form.dataset.campaign),
      visited_at: base ? base.visited_at : new Date().toISOString(), outcome: met ? "met" : "no_answer",
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
    // A corrected entry keeps the photos taken at the visit unless new ones are chosen.
    function photoOr(input, kept) {
      return input.files[0] ? resize(input.files[0]) : Promise.resolve(kept || null);
    }
    var photos = [photoOr(form.querySelector('[name="photo"]'), base && base.photo).then(function (p) { entry.photo = p; })];
    form.querySelectorAll('[name="hazard"]:checked').forEach(function (box) {
      var hazard = { kind: box.value, note: form.querySelector('[name="hazard-note-' + box.value + '"]').value.trim() };
      var before = base && base.hazards.filter(function (h) { return h.kind === box.value; })[0];
      entry.hazards.push(hazard);
      photos.push(photoOr(form.querySelector('[name="hazard-photo-' + box.value + '"]'), before && before.photo)
        .then(function (p) { hazard.photo = p; }));
    });
    return Promise.all(photos).then(function () { return entry; });
  }

  function fill(form, entry) {
    function pick(selector) { var el = form.querySelector(selector); if (el) { el.checked = true; el.dispatchEvent(new Event("change", { bubbles: true })); } }
    pick('[name="outcome"][value="' + entry.outcome + '"]');
    entry.confirmed.forEach(function (id) { pick('[name="resident-' + id + '"][value="confirmed"]'); });
    entry.moved_out.forEach(function (id) { pick('[name="resident-' + id + '"][value="moved_out"]'); });
    form.querySelectorAll(".new-resident").forEach(function (block) { block.remove(); });
    entry.new_residents.forEach(function (values) {
      var block = addResident();
      block.querySelectorAll("[data-f]").forEach(function (input) { input.value = values[input.dataset.f] || ""; });
      var groups = String(values.special_groups || "").split(/[;；、,，\s]+/);
      block.querySelectorAll("[data-group]").forEach(function (box) { box.checked = groups.indexOf(box.value) >= 0; });
    });
    form.querySelector('[name="room_use"]').value = entry.room_use;
    entry.hazards.forEach(function (h) {
      pick('[name="hazard"][value="' + h.kind + '"]');
      var note = form.querySelector('[name="hazard-note-' + h.kind + '"]');
      if (note) note.value = h.note || "";
      var photo = form.querySelector('[name="hazard-photo-' + h.kind + '"]');
      if (photo) keptPhoto(photo, h.photo);
    });
    form.querySelector('[name="note"]').value = entry.note || "";
    keptPhoto(form.querySelector('[name="photo"]'), entry.photo);
  }

  // The input a refused field names (new_residents.0.id_number → that person's number).
  function inputFor(form, entry, field) {
    var parts = String(field || "").split(".");
    if (parts[0] === "new_residents" && parts[2]) {
      var block = form.querySelectorAll(".new-resident")[Number(parts[1])];
      return block ? block.querySelector('[data-f="' + parts[2] + '"]') : null;
    }
    if (parts[0] === "hazards" && parts[2]) {
      var hazard = entry.hazards[Number(parts[1])];
      var kind = parts[2] === "photo" ? "hazard-photo-" : "hazard-note-";
      return hazard ? form.querySelector('[name="' + kind + hazard.kind + '"]') : null;
    }
    return form.querySelector({ room_use: "#room-use", note: "#visit-note", photo: "#visit-photo" }[field] || "#none");
  }

  function startEditing(form) {
    var match = /^#edit=([\w-]+)$/.exec(window.location.hash);
    if (!match) return Promise.resolve();
    return queue.get(match[1]).then(function (item) {
      if (!item || item.entry.room !== Number(form.dataset.room)) { result(form, text.gone, true); return; }
      editing = item;
      refresh();
      fill(form, item.entry);
      var banner = form.querySelector("[data-editing]");
      var list = banner.querySelector("[data-editing-reasons]");
      list.textContent = "";
      var first = null;
      reasons(item).forEach(function (error) {
        var line = document.createElement("li");
        line.textContent = readable(error);
        list.appendChild(line);
        var input = inputFor(form, item.entry, error.field);
        if (input) {
          input.dataset.serverError = error.message;
          showError(input, error.message);
          first = first || input;
        }
      });
      banner.hidden = false;
      (first || banner).scrollIntoView({ block: "center" });
      if (first) first.focus({ preventScroll: true });
    });
  }

  function setUpForm(form) {
    form.querySelector("[data-add-resident]").addEventListener("click", function () {
      addResident().querySelector("input").focus();
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
    form.querySelectorAll("#room-use, #visit-note, #visit-photo, .hazard-detail input").forEach(function (input) {
      input.addEventListener("change", function () { delete input.dataset.serverError; showError(input, ""); });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var met = form.querySelector('[name="outcome"]:checked').value === "met";
      var bad = null;
      if (met) {
        form.querySelectorAll(".new-resident").forEach(function (block) {
          block.dataset.checked = "1";
          bad = checkBlock(block) || bad;
        });
      }
      if (bad) {
        result(form, text.fix, true);
        bad.focus();
        return;
      }
      var button = form.querySelector('[type="submit"]');
      button.disabled = true;
      collect(form).then(function (entry) { return queue.put(entry, form.dataset.address); }).then(function () {
        result(form, text.saved, false);
        window.setTimeout(function () { window.location.assign(form.dataset.back); }, 600);
      }).catch(function (error) {
        button.disabled = false;
        result(form, String(error), true);
      });
    });
    window.addEventListener("hashchange", function () { window.location.reload(); });
    startEditing(form);
  }

  // --- offline pages: the service worker keeps the sweep pages and their assets ------------
  var registration = null;

  // Ask the worker to keep this page and those it links to; again after a sync, so the kept
  // copy of this page shows the rooms as they now are.
  function keepPages() {
    var worker = registration && registration.active;
    if (!worker) return;
    var links = Array.prototype.map.call(document.querySelectorAll("a[data-precache]"), function (a) { return a.href; });
    links.push(window.location.href.split("#")[0]);
    var channel = new MessageChannel();
    channel.port1.onmessage = function () {
      bar.dataset.offlineReady = "1";
      bar.querySelector("[data-offline-ready]").hidden = false;
    };
    worker.postMessage({ type: "cache", urls: links }, [channel.port2]);
  }

  function setUpWorker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) {
      document.querySelector("[data-no-offline]").hidden = false;
      return;
    }
    navigator.serviceWorker.register(bar.dataset.sw, { scope: "/", updateViaCache: "none" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (ready) {
      registration = ready;
      keepPages();
    }).catch(function () { document.querySelector("[data-no-offline]").hidden = false; });
  }

  window.sweepQueue = queue;
  queue.flush = flush;
  queue.refresh = refresh;
  bar.querySelector("[data-send-now]").addEventListener("click", flush);
  window.addEventListener("online", function () { refresh().then(flush); });
  window.addEventListener("offline", refresh);
  window.setInterval(flush, 20000);
  var form = document.getElementById("visit-form");
  if (form) setUpForm(form);
  setUpWorker();
  forgetOldSent().then(refresh).then(flush);
})();
