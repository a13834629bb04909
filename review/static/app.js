// Resolution Desk: keyboard shortcuts on top of pages that work without JavaScript.
// j/k next/previous, Enter open (queue), a approve, r reject, n note, o open source, ? help.
(function () {
  "use strict";

  function typing(event) {
    var t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function showHelp() {
    var dialog = document.getElementById("help");
    if (dialog && typeof dialog.showModal === "function" && !dialog.open) dialog.showModal();
  }

  // --- queue: a movable selection over the rows -------------------------------------------
  function queueKeys() {
    var rows = Array.prototype.slice.call(document.querySelectorAll("[data-queue] tbody tr"));
    if (!rows.length) return null;
    var index = -1;
    function select(i) {
      if (i < 0 || i >= rows.length) return;
      if (index >= 0) rows[index].classList.remove("is-selected");
      index = i;
      rows[index].classList.add("is-selected");
      var link = rows[index].querySelector("a.row-link");
      if (link) link.focus();
    }
    return {
      j: function () { select(index + 1); },
      k: function () { select(Math.max(0, index - 1)); },
      Enter: function () { if (index >= 0) window.location.href = rows[index].dataset.href; },
      o: function () { if (index >= 0) window.location.href = rows[index].dataset.href; }
    };
  }

  // --- proposal: decide, move on, open the source ------------------------------------------
  function proposalKeys() {
    var nav = document.querySelector("[data-nav]");
    var form = document.querySelector("[data-decide]");
    function click(key) {
      var button = form && form.querySelector('[data-key="' + key + '"]');
      if (button) { button.focus(); button.click(); }
    }
    return {
      j: function () { if (nav && nav.dataset.next) window.location.href = nav.dataset.next; },
      k: function () { if (nav && nav.dataset.prev) window.location.href = nav.dataset.prev; },
      a: function () { click("a"); },
      r: function () { click("r"); },
      n: function () { var note = document.getElementById("note"); if (note) note.focus(); },
      o: function () {
        var link = document.querySelector("a[data-source]");
        if (link) window.open(link.href, "_blank", "noopener,noreferrer");
      }
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var page = document.body.dataset.page;
    var keys = page === "queue" ? queueKeys() : page === "proposal" ? proposalKeys() : null;
    document.querySelectorAll("[data-help]").forEach(function (b) { b.addEventListener("click", showHelp); });
    document.querySelectorAll("[data-decide]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "Escape" && typing(event)) { event.target.blur(); return; }
      if (typing(event)) return;
      if (event.key === "?") { event.preventDefault(); showHelp(); return; }
      if (keys && keys[event.key]) { event.preventDefault(); keys[event.key](); }
    });
  });
})();
