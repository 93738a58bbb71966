// Focus management after htmx swaps (WCAG 2.4.3): a new page moves focus to its heading, a
// page with errors moves focus to the error summary. Nothing else here; the forms work without it.
document.addEventListener("htmx:afterSettle", function (event) {
  var main = document.getElementById("main");
  if (!main || !event.detail || !event.detail.elt) return;
  if (event.detail.elt !== main && !main.contains(event.detail.elt)) return;
  var target = main.querySelector("[data-autofocus]") ||
    main.querySelector(".page-content h2, .page-content h3") || main.querySelector("h1");
  if (!target) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
});
