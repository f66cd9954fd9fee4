/* Behaviour the pages declare with data attributes, so that no script or handler is written
   inline (the Content-Security-Policy allows scripts from this site's static files only).

   data-autosubmit          on a <select>: submit its form when the choice changes.
   data-confirm="question"  on a submit button: ask before submitting.
   data-select-on-click     on an input: select its text when clicked (addresses to copy).
   data-estimate-target="#id" on a form: while one types (input events, debounced), ask the page
                            for an estimate (GET with estimate=1) and show it in the target (htmx).
                            The server formats the numbers, so they read as the rest of the page.
   data-live-part           on a part of a live panel that a poll (hx-swap="none" + hx-select-oob)
                            replaces: replaced only when it changed (its data-version, else its text).
   data-keep-while-focused  on such a part: never replaced while the focus is inside it; the update
                            waits until the focus leaves. [data-focus-after-action] inside it takes
                            the focus after the part's own form replaced it.
   data-poll-when-hidden="s" on a polling element: while the tab is hidden, poll every s seconds at
                            most; poll at once when the tab is shown again (hx-trigger "poll-now"). */
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
        }, 400);
      });
    });
  });

  /* Live panels (the ballot page, "my ballots"). Replacing a part that holds the keyboard focus
     throws the focus to the page body, and a keyboard or screen-reader user then has to race the
     poll to vote; replacing an unchanged live region makes a screen reader read it out again.
     So a polled part is swapped only when it changed, and a part with the focus keeps its update
     until the focus leaves it. */
  var pendingParts = {};
  var focusPartAfterSwap = null;

  function normalisedText(element) {
    return element.textContent.replace(/\s+/g, " ").trim();
  }

  function sameContent(current, incoming) {
    var version = current.getAttribute("data-version");
    if (version !== null) {
      return version === incoming.getAttribute("data-version");
    }
    return normalisedText(current) === normalisedText(incoming);
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var fragment = event.detail.fragment;
    var incoming = fragment && fragment.nodeType === Node.DOCUMENT_FRAGMENT_NODE ? fragment.firstElementChild : fragment;
    if (!target || !incoming || !target.hasAttribute || !target.hasAttribute("data-live-part")) {
      return;
    }
    if (sameContent(target, incoming)) {
      event.detail.shouldSwap = false;
      delete pendingParts[target.id];
    } else if (target.hasAttribute("data-keep-while-focused") && target.contains(document.activeElement)) {
      event.detail.shouldSwap = false;
      pendingParts[target.id] = incoming.outerHTML;
    }
  });

  document.addEventListener("focusout", function (event) {
    var part = event.target.closest ? event.target.closest("[data-keep-while-focused]") : null;
    if (!part || !pendingParts[part.id]) {
      return;
    }
    // Wait for the focus to land: it may move within the part, or stay put when only the window
    // lost the focus (document.activeElement is then unchanged).
    window.setTimeout(function () {
      var current = document.getElementById(part.id);
      var html = pendingParts[part.id];
      if (!current || !html || current.contains(document.activeElement)) {
        return;
      }
      delete pendingParts[part.id];
      window.htmx.swap(current, html, { swapStyle: "outerHTML" });
    }, 0);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = event.detail.elt;
    if (!element || !element.closest) {
      return;
    }
    var slowest = Number(element.getAttribute("data-poll-when-hidden") || 0);
    if (slowest) {
      var now = Date.now();
      if (document.hidden && now - (element.mtigmPolledAt || 0) < slowest * 1000) {
        event.preventDefault();
        return;
      }
      element.mtigmPolledAt = now;
    }
    // A form inside a focus-keeping part replaces that part with its answer: remember to put the
    // focus back into the new part, since the button that had it is gone.
    var part = element.closest("[data-keep-while-focused]");
    if (part && part.contains(document.activeElement)) {
      focusPartAfterSwap = part.id;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    // A part replaced by its own form's answer is newer than any update kept for it.
    var part = event.target;
    if (part && part.id && part.hasAttribute && part.hasAttribute("data-keep-while-focused")) {
      delete pendingParts[part.id];
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    if (!focusPartAfterSwap) {
      return;
    }
    // A poll may settle while the form's answer is still on its way: only the form's own answer
    // moves the focus (the form that asked is inside the replaced part).
    var config = event.detail && event.detail.requestConfig;
    var source = config && config.elt && config.elt.closest ? config.elt.closest("[data-keep-while-focused]") : null;
    if (!source || source.id !== focusPartAfterSwap) {
      return;
    }
    var part = document.getElementById(focusPartAfterSwap);
    focusPartAfterSwap = null;
    var active = document.activeElement;
    // htmx itself puts the focus back on an element of the same id (a form shown again after a
    // refusal); only a focus that fell to the body is moved.
    if (!part || (active && active !== document.body && active.isConnected)) {
      return;
    }
    var target = part.querySelector("[data-focus-after-action]");
    if (target) {
      target.focus();
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.hidden || !window.htmx) {
      return;
    }
    document.querySelectorAll("[data-poll-when-hidden]").forEach(function (element) {
      window.htmx.trigger(element, "poll-now");
    });
  });
})();
