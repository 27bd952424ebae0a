// The procedure edit form's live preview (progressive enhancement: without this script the
// Preview button posts the form and the page comes back with the preview and the messages).
// The form is posted with its CSRF token to the preview endpoint, which answers with the
// preview fragment; the fragment's problems are shown beside their fields.
(function () {
  "use strict";
  var form = document.getElementById("procedure-form");
  var button = document.getElementById("preview-button");
  if (!form || !button || !window.fetch) {
    return;
  }
  var url = form.getAttribute("data-preview-url");
  var timer = null;
  var sequence = 0;

  function showProblems(preview) {
    var slots = form.querySelectorAll(".field-error[data-for]");
    Array.prototype.forEach.call(slots, function (slot) {
      slot.textContent = "";
      slot.hidden = true;
      var field = slot.closest(".form-field");
      if (field) {
        field.classList.remove("has-error");
      }
    });
    var items = preview.querySelectorAll("[data-problem-field]");
    Array.prototype.forEach.call(items, function (item) {
      var name = item.getAttribute("data-problem-field");
      var slot = name && form.querySelector('.field-error[data-for="' + name + '"]');
      if (!slot) {
        return;
      }
      var strong = item.querySelector("strong");
      var text = item.textContent;
      if (strong) {
        text = text.slice(strong.textContent.length).replace(/^:\s*/, "");
      }
      slot.textContent = slot.textContent ? slot.textContent + " " + text : text;
      slot.hidden = false;
      var field = slot.closest(".form-field");
      if (field) {
        field.classList.add("has-error");
      }
    });
  }

  function refresh() {
    var mine = ++sequence;
    var body = new URLSearchParams(new FormData(form));
    form.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Preview": "fragment" }
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html === null || mine !== sequence) {
        return;
      }
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var fresh = holder.querySelector("#preview");
      var current = document.getElementById("preview");
      if (fresh && current) {
        current.replaceWith(fresh);
        showProblems(fresh);
      }
    }).catch(function () {
      // keep the last preview; the button still works without the script
    }).finally(function () {
      if (mine === sequence) {
        form.removeAttribute("aria-busy");
      }
    });
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    refresh();
  });
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 600);
  });
})();
