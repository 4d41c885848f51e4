// Small enhancements; every page works without them.
// 1. After htmx swaps in a form with errors, move focus to the error summary so screen readers
//    hear it. 2. Range inputs show their value in the <output> named by data-output.
document.addEventListener("htmx:afterSettle", function () {
  var box = document.querySelector(".error-box[tabindex]");
  if (box) { box.focus(); }
});
document.addEventListener("input", function (event) {
  var el = event.target;
  if (el && el.type === "range" && el.dataset.output) {
    var out = document.getElementById(el.dataset.output);
    if (out) { out.textContent = el.value; }
  }
});
