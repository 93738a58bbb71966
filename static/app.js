// Focus management after htmx swaps (WCAG 2.4.3). When the main region is replaced (a new page,
// or the same page with errors), focus moves to the error summary or to the new page's first
// heading, so keyboard and screen-reader users start at the top of what changed. The forms work
// without this file.
(function () {
  var current = null;
  function focusNewMain() {
    var main = document.getElementById("main");
    if (!main || main === current) return;
    current = main;
    var target = main.querySelector("[data-autofocus]") ||
      main.querySelector(".page-content h2, .page-content h3") || main.querySelector("h1");
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }
  document.addEventListener("DOMContentLoaded", function () {
    current = document.getElementById("main");
  });
  document.addEventListener("htmx:afterSettle", focusNewMain);
})();
