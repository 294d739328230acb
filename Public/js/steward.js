// Steward: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Ask before destructive posts: <form data-confirm="Delete this?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.getAttribute("method") === "dialog") return; // closes a dialog, sends nothing
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    // Guard against double submits while the request is in flight.
    if (form.dataset.submitting === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    window.setTimeout(function () { delete form.dataset.submitting; }, 4000);
  });

  // <a data-open-dialog="id" href="#section">: opens that <dialog> as a modal and focuses its
  // first field. Without this file the link jumps to the same content shown in place.
  document.addEventListener("click", function (event) {
    var opener = event.target.closest ? event.target.closest("[data-open-dialog]") : null;
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-open-dialog"));
      if (!dialog || typeof dialog.showModal !== "function") return;
      event.preventDefault();
      if (!dialog.open) {
        dialog.showModal();
        // Closing (ESC or the Close button) gives focus back to the opener, in browsers that
        // don't already do so.
        dialog.addEventListener("close", function () {
          var focus = document.activeElement;
          if (!focus || focus === document.body || dialog.contains(focus)) opener.focus();
        }, { once: true });
      }
      var first = dialog.querySelector("textarea, input:not([type=hidden]), select");
      if (first) first.focus();
      return;
    }
    // <button data-copy="input-id">: copies that input's value (shown only when this file runs).
    var copier = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (copier) {
      var input = document.getElementById(copier.getAttribute("data-copy"));
      if (!input) return;
      input.focus();
      input.select();
      var done = function () { copier.textContent = "Copied"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, function () {});
      } else if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    }
  });

  // <input type="checkbox" data-reveals="id">: that fieldset shows (and submits) only while the
  // box is ticked. Without this file every field stays visible.
  function syncReveal(box) {
    var target = document.getElementById(box.getAttribute("data-reveals"));
    if (!target) return;
    target.hidden = !box.checked;
    if ("disabled" in target) target.disabled = !box.checked;
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box && box.matches && box.matches("input[type=checkbox][data-reveals]")) syncReveal(box);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=checkbox][data-reveals]").forEach(syncReveal);
    document.querySelectorAll("[data-copy]").forEach(function (button) { button.hidden = false; });
    document.querySelectorAll("input[data-select-on-focus]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
      if (document.activeElement === input) input.select();
    });
  });
})();
