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
  document.addEventListener("htmx:afterSwap", function (event) {
    var button = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!button || !button.classList || !button.classList.contains("expand")) return;
    button.setAttribute("aria-expanded", "true");
    button.textContent = "\u2212";
  });
})();
