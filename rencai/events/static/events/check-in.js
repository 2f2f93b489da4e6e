// The check-in page: every scan gets an id made here, so a scan sent twice counts once.
// Scans go to the API (POST /api/v1/events/{id}/check-ins/, a batch); when the network is
// down they are kept in localStorage and sent when it returns, with the time they were made.
// The camera is offered where the browser has a BarcodeDetector and the page is served over
// HTTPS (a secure context); a handheld scanner types the code and Enter into the field.
(function () {
  "use strict";
  var form = document.getElementById("check-in-form");
  if (!form || !window.fetch) { return; }
  var api = form.dataset.api;
  var key = "rencai.checkin.queue." + form.dataset.event;
  var input = form.querySelector("input[name=code]");
  var result = document.getElementById("scan-result");
  var status = document.getElementById("queue-status");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function queue() {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(items) {
    localStorage.setItem(key, JSON.stringify(items));
    status.hidden = items.length === 0;
    status.textContent = items.length + " " + form.dataset.pending;
  }
  function show(text, ok) {
    var p = document.createElement("p");
    p.className = "flash " + (ok ? "success" : "error");
    p.textContent = text;
    result.replaceChildren(p);
  }
  function send(scans) {
    return fetch(api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ scans: scans })
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    });
  }
  function flush() {
    var items = queue();
    if (!items.length || !navigator.onLine) { return; }
    send(items).then(function () { save([]); }).catch(function () { save(items); });
  }
  function scan(code, method) {
    var item = { code: code, scan_id: newId(), scanned_at: new Date().toISOString(), method: method };
    send([{ code: item.code, scan_id: item.scan_id, method: method }]).then(function (answers) {
      var answer = answers.results[0];
      if (answer.ok) {
        show(answer.repeated ? form.dataset.repeated : form.dataset.ok, true);
      } else {
        show(form.dataset.refused + " " + answer.message, false);
      }
    }).catch(function () {
      item.method = "offline";
      var items = queue();
      items.push(item);
      save(items);
      show(form.dataset.queued, true);
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value.trim();
    if (code) { scan(code, "typed"); }
    input.value = "";
    input.focus();
  });
  window.addEventListener("online", flush);
  save(queue());
  flush();

  var button = document.getElementById("camera-button");
  var video = document.getElementById("camera");
  if ("BarcodeDetector" in window && window.isSecureContext && navigator.mediaDevices) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      var last = "";
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        function tick() {
          detector.detect(video).then(function (codes) {
            if (codes.length && codes[0].rawValue !== last) {
              last = codes[0].rawValue;
              scan(last, "camera");
            }
          }).finally(function () { window.setTimeout(tick, 400); });
        }
        tick();
      });
    });
  }
})();
