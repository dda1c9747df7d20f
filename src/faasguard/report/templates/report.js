(function () {
  "use strict";
  var doc = document;
  var filters = doc.getElementById("filters");
  if (!filters) { return; }
  var layer = doc.getElementById("filter-layer");
  var rule = doc.getElementById("filter-rule");
  var search = doc.getElementById("filter-text");
  var status = doc.getElementById("filter-status");
  var severities = Array.prototype.slice.call(filters.querySelectorAll("input[name=severity]"));
  var cards = Array.prototype.slice.call(doc.querySelectorAll("[data-finding]")).map(function (el) {
    return { el: el, text: el.textContent.toLowerCase() };
  });

  function apply() {
    var wanted = {};
    severities.forEach(function (box) { wanted[box.value] = box.checked; });
    var query = search.value.trim().toLowerCase();
    var shown = { active: 0, suppressed: 0 };
    var total = { active: 0, suppressed: 0 };
    cards.forEach(function (card) {
      var d = card.el.dataset;
      var ok = wanted[d.severity] &&
        (!layer.value || d.layer === layer.value) &&
        (!rule.value || d.rule === rule.value) &&
        (!query || card.text.indexOf(query) !== -1);
      card.el.hidden = !ok;
      total[d.state] += 1;
      if (ok) { shown[d.state] += 1; }
    });
    Object.keys(shown).forEach(function (state) {
      var count = doc.querySelector("[data-count-for=" + state + "]");
      if (count) {
        count.textContent = shown[state] === total[state] ? String(total[state]) : shown[state] + " of " + total[state];
      }
      var empty = doc.querySelector("[data-empty-for=" + state + "]");
      if (empty) { empty.hidden = shown[state] !== 0 || total[state] === 0; }
    });
    var all = total.active + total.suppressed;
    var visible = shown.active + shown.suppressed;
    status.textContent = visible === all ? "" : "showing " + visible + " of " + all;
    remember();
  }

  // the filters live in the address as #?layer=...&severity=high,critical&rule=...&q=..., so a
  // filtered view can be bookmarked or shared; without a filter, a section anchor (#findings) stays
  function remember() {
    var parts = [];
    var picked = severities.filter(function (box) { return box.checked; });
    if (layer.value) { parts.push("layer=" + encodeURIComponent(layer.value)); }
    if (picked.length !== severities.length) {
      parts.push("severity=" + picked.map(function (box) { return box.value; }).join(","));
    }
    if (rule.value) { parts.push("rule=" + encodeURIComponent(rule.value)); }
    if (search.value) { parts.push("q=" + encodeURIComponent(search.value)); }
    var wanted = parts.length ? "#?" + parts.join("&") : "";
    var current = location.hash.indexOf("#?") === 0 ? location.hash : "";
    if (wanted === current) { return; }
    try {
      history.replaceState(null, "", wanted || location.pathname + location.search);
    } catch (e) { /* some browsers refuse it for file: pages */ }
  }

  function restore() {
    if (location.hash.indexOf("#?") !== 0) { return; }
    location.hash.slice(2).split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      var key = pair.slice(0, at);
      var value = decodeURIComponent(pair.slice(at + 1));
      if (key === "severity") {
        var wanted = value.split(",");
        severities.forEach(function (box) { box.checked = wanted.indexOf(box.value) !== -1; });
      } else if (key === "layer" || key === "rule") {
        var select = key === "layer" ? layer : rule;
        select.value = value;
        if (select.value !== value) { select.value = ""; }
      } else if (key === "q") {
        search.value = value;
      }
    });
  }

  function reset() {
    layer.value = "";
    rule.value = "";
    search.value = "";
    severities.forEach(function (box) { box.checked = true; });
    apply();
  }

  [layer, rule].concat(severities).forEach(function (el) { el.addEventListener("change", apply); });
  search.addEventListener("input", apply);
  doc.getElementById("filter-reset").addEventListener("click", reset);

  // the summary's tiles and chart rows narrow the list to one severity or one layer and go to it
  // (the address then keeps the filter, not the #findings anchor)
  function narrow(selector, set) {
    Array.prototype.forEach.call(doc.querySelectorAll(selector), function (el) {
      el.addEventListener("click", function (event) {
        event.preventDefault();
        set(el);
        apply();
        doc.getElementById("findings").scrollIntoView();
      });
    });
  }
  narrow("[data-set-severity]", function (el) {
    var only = el.getAttribute("data-set-severity");
    severities.forEach(function (box) { box.checked = box.value === only; });
  });
  narrow("[data-set-layer]", function (el) { layer.value = el.getAttribute("data-set-layer"); });

  filters.hidden = false;
  try { restore(); } catch (e) { /* a malformed address: no filter */ }
  apply();
  doc.body.setAttribute("data-filters", "ready");
})();
