/* Behaviour the pages declare with data attributes, so that no script or handler is written
   inline (the Content-Security-Policy allows scripts from this site's static files only).

   data-autosubmit          on a <select>: submit its form when the choice changes.
   data-confirm="question"  on a submit button: ask before submitting.
   data-select-on-click     on an input: select its text when clicked (addresses to copy).
   data-estimate-target="#id" on a form: after typing stops, ask the page for an estimate
                            (GET with estimate=1) and show it in the target (htmx). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    var input = event.target.closest ? event.target.closest("[data-select-on-click]") : null;
    if (input) {
      input.select();
    }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-estimate-target]").forEach(function (form) {
      var timer;
      form.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          var params = new URLSearchParams(new FormData(form));
          params.set("estimate", "1");
          params.delete("csrfmiddlewaretoken");
          window.htmx.ajax("GET", "?" + params.toString(), {
            target: form.getAttribute("data-estimate-target"),
            swap: "innerHTML"
          });
        }, 600);
      });
    });
  });
})();
