// Focus management after htmx swaps (WCAG 2.4.3). When the main region is replaced (a new page,
// the same page with errors, or an error page), focus moves to the error summary, else to the
// page's first heading when no field comes before it, else to the h1; keyboard and screen-reader
// users start at the top of what changed. The forms work without this file.
(function () {
  var current = null;
  var FIELDS = "input:not([type=hidden]), select, textarea";

  function firstHeading(main) {
    var heading = main.querySelector(".page-content h2, .page-content h3");
    if (!heading) return null;
    var fields = main.querySelectorAll(".page-content " + FIELDS.split(", ").join(", .page-content "));
    for (var i = 0; i < fields.length; i++) {
      if (heading.compareDocumentPosition(fields[i]) & Node.DOCUMENT_POSITION_PRECEDING) return null;
    }
    return heading;
  }

  function focusNewMain() {
    var main = document.getElementById("bk_main");
    if (!main || main === current) return;
    current = main;
    var target = main.querySelector("[data-autofocus]") || firstHeading(main) ||
      main.querySelector("h1");
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    current = document.getElementById("bk_main");
  });
  document.addEventListener("htmx:afterSettle", focusNewMain);

  // The header is not swapped, so after htmx navigation its language form must return to the
  // page the person is on now, not the one first loaded.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.id === "bk_language_form" && form.elements.next) {
      form.elements.next.value = location.pathname + location.search;
    }
  });

  // A row of a repeating group was just opened, or the one before it deleted: focus its first
  // field, else its first button.
  document.body.addEventListener("bk-focus", function (event) {
    var selector = event.detail && event.detail.value;
    var area = selector && document.querySelector(selector);
    var field = area && (area.querySelector("input:not([type=hidden]), select, textarea") ||
      area.querySelector("button"));
    if (field) field.focus();
  });

  // PrintButton: hidden in the HTML (printing needs this script), shown here; a click prints.
  function showPrintButtons() {
    var buttons = document.querySelectorAll("[data-print][hidden]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }
  document.addEventListener("DOMContentLoaded", showPrintButtons);
  document.addEventListener("htmx:load", showPrintButtons);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
})();
