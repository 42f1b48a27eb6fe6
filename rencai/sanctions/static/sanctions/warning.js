/* The platform's warning (FRD-02) is a modal the person must acknowledge: it opens as a
 * modal dialog and Escape does not close it; the form posts with htmx (or normally). */
(function () {
  "use strict";
  function open() {
    var dialog = document.getElementById("sanction-warning");
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    if (dialog.open) { dialog.close(); }
    dialog.showModal();
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", open);
  } else {
    open();
  }
})();
