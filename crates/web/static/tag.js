// southdesk — tagging page: fills the text box from a chosen or dropped
// text file (.txt, .md). The file is read in the browser; the form is sent
// as usual. The page works without this script (paste the text instead).
(function () {
  "use strict";
  var form = document.getElementById("tag-form");
  var area = document.getElementById("f-text");
  var field = document.getElementById("tag-file-field");
  var input = document.getElementById("tag-file");
  var status = document.getElementById("tag-file-status");
  if (!form || !area || !field || !input || !status || !window.FileReader) {
    return;
  }
  var maxBytes = Number(form.getAttribute("data-max-bytes")) || 1048576;
  field.hidden = false;

  function say(attr) {
    status.textContent = form.getAttribute(attr) || "";
  }

  function isText(file) {
    return /\.(txt|md|markdown)$/i.test(file.name) || /^text\//.test(file.type);
  }

  function load(file) {
    if (!file) {
      return;
    }
    if (!isText(file)) {
      say("data-msg-type");
      return;
    }
    if (file.size > maxBytes) {
      say("data-msg-too-large");
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      area.value = String(reader.result);
      say("data-msg-loaded");
      area.focus();
    };
    reader.onerror = function () {
      say("data-msg-unreadable");
    };
    reader.readAsText(file, "utf-8");
  }

  input.addEventListener("change", function () {
    load(input.files && input.files[0]);
  });

  function over(event) {
    if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") >= 0) {
      event.preventDefault();
      area.classList.add("is-dropping");
    }
  }
  area.addEventListener("dragenter", over);
  area.addEventListener("dragover", over);
  area.addEventListener("dragleave", function () {
    area.classList.remove("is-dropping");
  });
  area.addEventListener("drop", function (event) {
    var files = event.dataTransfer && event.dataTransfer.files;
    area.classList.remove("is-dropping");
    if (files && files.length > 0) {
      event.preventDefault();
      load(files[0]);
    }
  });
})();
