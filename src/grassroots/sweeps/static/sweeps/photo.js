// A photo chosen in a plain form (the rectification form) is made smaller on the phone before
// it is uploaded: longest side 1280 px, JPEG. Without this script the original is uploaded.
(function () {
  "use strict";
  var MAX_SIDE = 1280;
  document.querySelectorAll('input[type="file"][data-resize]').forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file || !window.DataTransfer) return;
      var image = new Image();
      var url = URL.createObjectURL(file);
      image.onload = function () {
        var scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(image.width * scale);
        canvas.height = Math.round(image.height * scale);
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          var smaller = new DataTransfer();
          smaller.items.add(new File([blob], "photo.jpg", { type: "image/jpeg" }));
          input.files = smaller.files;
        }, "image/jpeg", 0.7);
      };
      image.src = url;
    });
  });
})();
