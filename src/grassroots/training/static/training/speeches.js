// Choosing a trainee as the speaker fills in the speaker's name and post from the option.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-fills-speaker]");
    if (!select) return;
    var option = select.options[select.selectedIndex];
    if (!option || !option.value) return;
    select.form.elements.speaker.value = option.dataset.name;
    select.form.elements.post.value = option.dataset.post;
  });
})();
