// Small progressive enhancements on top of htmx; every page works without them.
(function () {
  "use strict";
  // An expand button fetches a node's children into the row below it; pressed again, it folds.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var button = event.detail.elt;
    if (!button.classList || !button.classList.contains("expand")) return;
    var box = document.getElementById(button.getAttribute("aria-controls"));
    if (box && box.childElementCount) {
      event.preventDefault();
      box.replaceChildren();
      button.setAttribute("aria-expanded", "false");
      button.textContent = "+";
    }
  });
  // A chart's box is as tall as its data needs (data-height, in pixels): set here, since the
  // Content-Security-Policy allows no style attribute. Deferred, this runs before the charts.
  document.querySelectorAll(".chart-box[data-height]").forEach(function (box) {
    box.style.height = box.dataset.height + "px";
  });
  // On a phone the main navigation is a menu: the button opens and closes it; Escape or a
  // tap outside closes it again.
  function setMenu(nav, open) {
    nav.classList.toggle("open", open);
    nav.querySelector(".menu-button").setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("click", function (event) {
    var nav = document.querySelector(".mainnav");
    if (!nav || !nav.querySelector(".menu-button")) return;
    if (event.target.closest(".menu-button")) {
      setMenu(nav, !nav.classList.contains("open"));
    } else if (nav.classList.contains("open") && !nav.contains(event.target)) {
      setMenu(nav, false);
    }
  });
  document.addEventListener("keydown", function (event) {
    var nav = document.querySelector(".mainnav.open");
    if (event.key !== "Escape" || !nav) return;
    setMenu(nav, false);
    nav.querySelector(".menu-button").focus();
  });
  // A table wider than the screen scrolls sideways in its wrapper: make the wrapper a labelled
  // region that takes focus, so it can be scrolled by keyboard too.
  function labelScrollingTables(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth) {
        if (wrap.dataset.scrollRegion) {
          ["tabindex", "role", "aria-label"].forEach(function (a) { wrap.removeAttribute(a); });
          delete wrap.dataset.scrollRegion;
        }
        return;
      }
      if (wrap.hasAttribute("tabindex")) return;
      var caption = wrap.querySelector("caption");
      var heading = wrap.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
      var label = wrap.getAttribute("data-label") ||
        (caption && caption.textContent.trim()) || (heading && heading.textContent.trim()) ||
        document.title;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label);
      wrap.dataset.scrollRegion = "1";
    });
  }
  // After a refused submit, the first field in error takes the focus (and is read out).
  function focusFirstError() {
    var field = document.querySelector("main [aria-invalid=true]");
    if (!field) {
      var list = document.querySelector("main .errorlist");
      var box = list && list.closest("p, div, .field");
      field = box && box.querySelector("input:not([type=hidden]), select, textarea");
    }
    if (field) field.focus();
  }
  // On a phone a wide table keeps its key columns and folds the others (th.fold) into a line
  // under the row's first shown cell (or the column headed th.fold-into), each value after its
  // column's name (CSS shows it there).
  function foldTables(root) {
    root.querySelectorAll("table").forEach(function (table) {
      if (table.classList.contains("folded")) return;
      var heads = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
      if (!heads.some(function (th) { return th.classList.contains("fold"); })) return;
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var cells = Array.prototype.slice.call(row.cells);
          if (cells.length !== heads.length) return; // an empty-list row spanning the table
          var target = heads.findIndex(function (th) { return th.classList.contains("fold-into"); });
          var into = target >= 0 ? cells[target] :
            cells.filter(function (c) { return !c.classList.contains("fold"); })[0];
          if (!into) return;
          var line = document.createElement("span");
          line.className = "fold-line";
          cells.forEach(function (cell, i) {
            var text = cell.textContent.trim();
            if (!cell.classList.contains("fold") || !text || text === "-" || text === "—") return;
            var item = document.createElement("span");
            item.className = "fold-item";
            var label = document.createElement("span");
            label.className = "fold-label";
            label.textContent = heads[i].textContent.trim();
            item.appendChild(label);
            Array.prototype.forEach.call(cell.childNodes, function (node) {
              item.appendChild(node.cloneNode(true));
            });
            line.appendChild(item);
          });
          if (line.childNodes.length) into.appendChild(line);
        });
      });
      table.classList.add("folded");
    });
  }
  // Filters above a list fold away on a phone; on a wide screen they stay open.
  function foldFilters(root) {
    if (!window.matchMedia("(max-width: 640px)").matches) return;
    root.querySelectorAll("details.filter-fold[open]").forEach(function (box) {
      if (!box.querySelector(".errorlist")) box.removeAttribute("open");
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    foldTables(document);
    foldFilters(document);
    labelScrollingTables(document);
    focusFirstError();
  });
  window.addEventListener("resize", function () { labelScrollingTables(document); });
  // A create form (one with a one-time token) is sent once: its buttons are disabled once it
  // goes, after the browser has taken the pressed button's value. The server saves a second
  // submit only once anyway; this spares the wait. Coming back to the page enables them again.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.querySelector('input[name="form_once"]')) return;
    setTimeout(function () {
      form.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll('form input[name="form_once"]').forEach(function (input) {
      input.form.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = false; });
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    foldTables(event.detail.target || document);
    labelScrollingTables(event.detail.target || document);
    var button = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!button || !button.classList || !button.classList.contains("expand")) return;
    button.setAttribute("aria-expanded", "true");
    button.textContent = "\u2212";
  });
})();
