// The conversation of the mentorship page. htmx posts the message form and swaps in a fresh
// one (or the form with its errors): put the focus back in it, as a page reload would not
// have taken it away, so keyboard and screen-reader users go on writing.
(function () {
  "use strict";
  var sending = false;

  document.addEventListener("htmx:beforeRequest", function (event) {
    sending = event.detail.elt && event.detail.elt.id === "message-form";
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!sending) {
      return;
    }
    sending = false;
    var form = document.getElementById("message-form");
    if (!form) {
      return;
    }
    var field = form.querySelector("[aria-invalid='true'], .is-invalid") || form.querySelector("textarea");
    if (field) {
      field.focus();
    }
  });
})();
