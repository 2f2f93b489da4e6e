// The handbook's print button (no inline scripts: the CSP allows only our own files).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
