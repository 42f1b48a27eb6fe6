/*!
 * rencai.js — the only project JavaScript (loaded with `defer`, after htmx).
 *
 * It does three things and nothing else (docs/design.md, "JavaScript behaviours"):
 *   1. htmx CSRF: every non-GET htmx request carries X-CSRFToken from <meta name="csrf-token">.
 *   2. data-confirm="…": a form, submit button, button or link asks in a native
 *      <dialog class="confirm-dialog"> before it acts. Labels come from <body
 *      data-confirm-ok data-confirm-cancel> (fallback 确定 / 取消).
 *   3. data-countdown="60": an SMS "send code" button is disabled and counts down after it
 *      is used (label from data-countdown-label, "%s" = seconds left). A response element
 *      with data-start-countdown starts it too; a failed htmx request stops it.
 * Pages work without this file: forms post normally and the server enforces every limit.
 */
(function () {
  "use strict";

  // 1. CSRF header for htmx ------------------------------------------------------------
  var SAFE_METHODS = /^(GET|HEAD|OPTIONS|TRACE)$/i;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") || "" : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    var token = csrfToken();
    if (token && !SAFE_METHODS.test(detail.verb || "")) {
      detail.headers["X-CSRFToken"] = token;
    }
  });

  // 2. Confirmation before destructive actions -----------------------------------------
  var HX_VERBS = ["hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete",
    "data-hx-get", "data-hx-post", "data-hx-put", "data-hx-patch", "data-hx-delete"];
  var confirmed = new WeakSet();   // elements whose next activation the user confirmed
  var dialog = null;

  function svg(pathD) {
    var ns = "http://www.w3.org/2000/svg";
    var el = document.createElementNS(ns, "svg");
    el.setAttribute("viewBox", "0 0 24 24");
    el.setAttribute("fill", "none");
    el.setAttribute("stroke", "currentColor");
    el.setAttribute("stroke-width", "2");
    el.setAttribute("stroke-linecap", "round");
    el.setAttribute("stroke-linejoin", "round");
    el.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathD);
    el.appendChild(path);
    return el;
  }

  function buildDialog() {
    var d = document.createElement("dialog");
    d.className = "confirm-dialog";
    d.id = "confirm-dialog";
    d.setAttribute("aria-describedby", "confirm-dialog-message");

    var form = document.createElement("form");
    form.method = "dialog";

    var body = document.createElement("div");
    body.className = "confirm-dialog-body";
    var icon = document.createElement("div");
    icon.className = "confirm-dialog-icon";
    icon.appendChild(svg("M12 9v4m0 4h.01M10.3 3.9L2.4 17.5A2 2 0 0 0 4.1 20.5h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z"));
    var message = document.createElement("p");
    message.className = "confirm-dialog-message";
    message.id = "confirm-dialog-message";
    body.appendChild(icon);
    body.appendChild(message);

    var actions = document.createElement("div");
    actions.className = "confirm-dialog-actions";
    var cancel = document.createElement("button");
    cancel.type = "submit";
    cancel.value = "cancel";
    cancel.className = "btn btn-secondary";
    cancel.setAttribute("data-role", "cancel");
    cancel.autofocus = true;   // the safe choice has focus: Enter does not delete by accident
    var ok = document.createElement("button");
    ok.type = "submit";
    ok.value = "ok";
    ok.className = "btn btn-primary";
    ok.setAttribute("data-role", "ok");
    actions.appendChild(cancel);
    actions.appendChild(ok);

    form.appendChild(body);
    form.appendChild(actions);
    d.appendChild(form);
    document.body.appendChild(d);
    return d;
  }

  function isDanger(el) {
    return !!el && (el.classList.contains("btn-danger") || el.hasAttribute("data-confirm-danger"));
  }

  function askConfirm(message, danger, onConfirm) {
    if (typeof HTMLDialogElement !== "function" || !("showModal" in HTMLDialogElement.prototype)) {
      if (window.confirm(message)) { onConfirm(); }
      return;
    }
    if (!dialog || !dialog.isConnected) { dialog = buildDialog(); }
    var bodyData = document.body.dataset;
    var ok = dialog.querySelector('[data-role="ok"]');
    var cancel = dialog.querySelector('[data-role="cancel"]');
    dialog.querySelector(".confirm-dialog-message").textContent = message;
    ok.textContent = bodyData.confirmOk || "确定";
    cancel.textContent = bodyData.confirmCancel || "取消";
    ok.className = "btn " + (danger ? "btn-danger" : "btn-primary");
    dialog.classList.toggle("is-danger", danger);
    dialog.returnValue = "";
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "ok") { onConfirm(); }
    }, { once: true });
    dialog.showModal();
    cancel.focus();
  }

  function hasHxVerb(el) {
    for (var i = 0; i < HX_VERBS.length; i++) {
      if (el.hasAttribute(HX_VERBS[i])) { return true; }
    }
    return false;
  }

  function isFormSubmitter(el) {
    var tag = el.tagName;
    var type = (el.getAttribute("type") || "").toLowerCase();
    var submit = (tag === "BUTTON" && (type === "" || type === "submit")) ||
      (tag === "INPUT" && (type === "submit" || type === "image"));
    return submit && !!el.form;
  }

  // Clicks on buttons/links with data-confirm. Submit buttons of a form are confirmed on the
  // form's submit event instead (after the browser's own validation), unless htmx drives
  // the button itself (hx-post on the button).
  document.addEventListener("click", function (event) {
    var target = event.target;
    var el = target && target.closest ? target.closest("[data-confirm]") : null;
    if (!el || el.tagName === "FORM" || el.tagName === "DIALOG") { return; }
    if (isFormSubmitter(el) && !hasHxVerb(el)) { return; }
    if (el.disabled || el.getAttribute("aria-disabled") === "true") { return; }
    if (confirmed.has(el)) { confirmed.delete(el); return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    askConfirm(el.getAttribute("data-confirm"), isDanger(el), function () {
      confirmed.add(el);
      el.click();
    });
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method === "dialog") { return; }
    var submitter = event.submitter || null;
    var source = submitter && submitter.hasAttribute("data-confirm") ? submitter
      : (form.hasAttribute("data-confirm") ? form : null);
    if (source && !confirmed.has(form)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      askConfirm(source.getAttribute("data-confirm"), isDanger(submitter) || isDanger(source),
        function () {
          confirmed.add(form);
          if (typeof form.requestSubmit === "function") {
            if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
          } else {
            form.submit();
          }
        });
      return;
    }
    confirmed.delete(form);
    // The submission goes ahead: start the countdown of a data-countdown submitter.
    if (submitter && submitter.hasAttribute("data-countdown")) {
      activated(submitter, form);
    }
  }, true);

  // 3. SMS resend countdown ------------------------------------------------------------
  var timers = new WeakMap();     // button -> {interval, nodes, setDisabled}
  var owners = new WeakMap();     // element that issued the htmx request -> counting button

  function setLabel(btn, seconds) {
    var template = btn.getAttribute("data-countdown-label") || "%s 秒";
    btn.textContent = template.replace("%s", String(seconds));
  }

  function stopCountdown(btn) {
    var state = timers.get(btn);
    if (!state) { return; }
    clearInterval(state.interval);
    timers.delete(btn);
    btn.textContent = "";
    state.nodes.forEach(function (node) { btn.appendChild(node); });
    if (state.setDisabled) {
      if ("disabled" in btn) { btn.disabled = false; } else { btn.removeAttribute("aria-disabled"); }
    }
    btn.classList.remove("is-counting");
  }

  function startCountdown(btn, seconds) {
    var total = parseInt(seconds != null && seconds !== "" ? seconds : btn.getAttribute("data-countdown"), 10);
    if (!(total > 0)) { return; }
    var wasCounting = timers.get(btn);
    if (wasCounting) { clearInterval(wasCounting.interval); }
    var state = wasCounting || {
      nodes: Array.prototype.map.call(btn.childNodes, function (n) { return n; }),
      setDisabled: "disabled" in btn ? !btn.disabled : btn.getAttribute("aria-disabled") !== "true",
      interval: 0
    };
    if ("disabled" in btn) { btn.disabled = true; } else { btn.setAttribute("aria-disabled", "true"); }
    btn.classList.add("is-counting");
    var end = Date.now() + total * 1000;
    function tick() {
      if (!btn.isConnected) { clearInterval(state.interval); timers.delete(btn); return; }
      var left = Math.ceil((end - Date.now()) / 1000);
      if (left <= 0) { stopCountdown(btn); return; }
      // Re-assert: htmx's hx-disabled-elt re-enables the button when its request ends.
      if ("disabled" in btn) { btn.disabled = true; }
      setLabel(btn, left);
    }
    timers.set(btn, state);
    tick();
    state.interval = setInterval(tick, 500);
  }

  // Start after the current event has finished, so the form or htmx has already read the
  // button (a disabled button is left out of the submitted data).
  function activated(btn, owner) {
    owners.set(owner || btn, btn);
    setTimeout(function () { startCountdown(btn); }, 0);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var btn = target && target.closest ? target.closest("[data-countdown]") : null;
    if (!btn || btn.disabled || timers.has(btn)) { return; }
    if (isFormSubmitter(btn) && !hasHxVerb(btn)) { return; }   // started on submit instead
    activated(btn, btn);
  });

  function scanForCountdowns(root) {
    if (!root || !root.querySelectorAll) { return; }
    var markers = Array.prototype.slice.call(root.querySelectorAll("[data-start-countdown]"));
    if (root.matches && root.matches("[data-start-countdown]")) { markers.unshift(root); }
    markers.forEach(function (marker) {
      var seconds = marker.getAttribute("data-countdown-seconds");
      var selector = marker.getAttribute("data-start-countdown");
      var buttons = [];
      if (marker.hasAttribute("data-countdown")) {
        buttons = [marker];
      } else {
        try {
          buttons = Array.prototype.slice.call(document.querySelectorAll(selector || "[data-countdown]"));
        } catch (e) {
          buttons = [];
        }
      }
      marker.removeAttribute("data-start-countdown");   // start once, even if scanned again
      buttons.forEach(function (btn) {
        if (btn.hasAttribute("data-countdown")) { startCountdown(btn, seconds); }
      });
    });
  }

  document.addEventListener("htmx:load", function (event) {
    scanForCountdowns(event.detail && event.detail.elt);
  });

  // A refused or failed htmx request (4xx/5xx, network error) lets the user try again now.
  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail || {};
    var owner = detail.elt;
    if (!owner) { return; }
    var btn = owners.get(owner);
    if (!btn) { return; }
    owners.delete(owner);
    if (detail.successful === false || detail.failed) { stopCountdown(btn); }
  });

  scanForCountdowns(document.body);
}());
