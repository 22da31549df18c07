// The page's controls: slider, previous/next, arrow keys, play/pause, URL fragment.
(function () {
  "use strict";
  var pages = document.querySelectorAll('[data-orgchart="page"]:not([data-orgchart-ready])');
  var active = null;
  var ISO = /^#?(\d{4}-\d{2}-\d{2})$/;
  function setup(root, index) {
    root.setAttribute("data-orgchart-ready", "");
    var q = function (name) { return root.querySelector('[data-orgchart="' + name + '"]'); };
    var frames = JSON.parse(q("frames").textContent);
    var slider = q("slider"), diagram = q("diagram"), date = q("date"), events = q("events");
    var prev = q("prev"), next = q("next"), play = q("play"), position = q("position");
    var fit = q("fit");
    var useHash = index === 0;
    var svgs = {}, lists = {};
    root.querySelectorAll("template[data-orgchart-svg]").forEach(function (t) {
      svgs[t.getAttribute("data-orgchart-svg")] = t;
    });
    root.querySelectorAll("template[data-orgchart-events]").forEach(function (t) {
      lists[t.getAttribute("data-orgchart-events")] = t;
    });
    var current = frames.length - 1, timer = null;
    function fill(target, template) {
      target.replaceChildren(document.importNode(template.content, true));
    }
    function show(i, fromHash) {
      i = Math.max(0, Math.min(frames.length - 1, i));
      var frame = frames[i];
      if (i !== current || fromHash === "init") {
        fill(diagram, svgs[frame.svg]);
        fill(events, lists[i]);
      }
      current = i;
      slider.value = String(i);
      date.setAttribute("datetime", frame.date);
      date.textContent = frame.label;
      diagram.setAttribute("data-date", frame.date);
      position.textContent = (i + 1) + " of " + frames.length;
      prev.disabled = i === 0;
      next.disabled = i === frames.length - 1;
      if (useHash && fromHash !== true && fromHash !== "init") {
        try { history.replaceState(null, "", "#" + frame.date); } catch (e) { /* sandboxed */ }
      }
    }
    function fromHash(init) {
      var m = ISO.exec(location.hash);
      if (!m) { return false; }
      var found = -1;
      for (var i = 0; i < frames.length; i++) { if (frames[i].date <= m[1]) { found = i; } }
      show(Math.max(found, 0), init ? "init" : true);
      return true;
    }
    function stop() {
      if (timer !== null) { clearInterval(timer); timer = null; }
      play.textContent = "Play";
      play.setAttribute("aria-pressed", "false");
    }
    function start() {
      if (current === frames.length - 1) { show(0); }
      play.textContent = "Pause";
      play.setAttribute("aria-pressed", "true");
      timer = setInterval(function () {
        if (current >= frames.length - 1) { stop(); } else { show(current + 1); }
      }, 1500);
    }
    slider.addEventListener("input", function () { active = api; stop(); show(Number(slider.value)); });
    prev.addEventListener("click", function () { active = api; stop(); show(current - 1); });
    next.addEventListener("click", function () { active = api; stop(); show(current + 1); });
    play.addEventListener("click", function () { active = api; if (timer === null) { start(); } else { stop(); } });
    root.addEventListener("pointerdown", function () { active = api; });
    function toggleFit() {
      var fitted = diagram.classList.toggle("orgchart-fit");
      fit.setAttribute("aria-pressed", fitted ? "false" : "true");
    }
    fit.addEventListener("click", toggleFit);
    diagram.addEventListener("click", function (event) {
      if (!(event.target.closest && event.target.closest("a"))) { toggleFit(); }
    });
    var api = {
      step: function (by) { stop(); show(current + by); },
      slider: slider,
      hash: function () { return useHash && fromHash(false); }
    };
    q("controls").hidden = false;
    if (!(useHash && fromHash(true))) { show(frames.length - 1, "init"); }
    return api;
  }
  var apis = [];
  for (var i = 0; i < pages.length; i++) { apis.push(setup(pages[i], i)); }
  if (!apis.length) { return; }
  active = active || apis[0];
  if (!window.__orgchartKeys) {
    window.__orgchartKeys = true;
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") { return; }
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return; }
      if (tag === "INPUT" && target.type !== "range") { return; }
      if (!active) { return; }
      if (target === active.slider) { return; }  // the slider moves itself
      event.preventDefault();
      active.step(event.key === "ArrowLeft" ? -1 : 1);
    });
    window.addEventListener("hashchange", function () { apis[0].hash(); });
  }
})();
