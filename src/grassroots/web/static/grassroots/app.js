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
  // On a phone the main navigation scrolls sideways: bring the current section into view.
  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector(".mainnav [aria-current=page]");
    if (current && current.parentNode.scrollWidth > current.parentNode.clientWidth) {
      current.scrollIntoView({block: "nearest", inline: "center"});
    }
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
  document.addEventListener("DOMContentLoaded", function () {
    labelScrollingTables(document);
    focusFirstError();
  });
  window.addEventListener("resize", function () { labelScrollingTables(document); });
  document.addEventListener("htmx:afterSwap", function (event) {
    labelScrollingTables(event.detail.target || document);
    var button = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!button || !button.classList || !button.classList.contains("expand")) return;
    button.setAttribute("aria-expanded", "true");
    button.textContent = "\u2212";
  });
})();
