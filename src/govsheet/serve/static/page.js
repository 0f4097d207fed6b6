// govsheet serve: drag-and-drop onto the upload form and a busy line while a form runs.
// The pages work without this file.
(function () {
  "use strict";
  var busy = document.getElementById("busy");
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (busy) { busy.textContent = form.getAttribute("data-busy") + " Please keep this page open."; }
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    });
  });
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var form = document.getElementById("upload");
  if (!drop || !input || !form) { return; }
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      form.requestSubmit();
    }
  });
})();
