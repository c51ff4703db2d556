(function () {
  "use strict";
  var form = document.getElementById("filters");
  var search = document.getElementById("q");
  var venue = document.getElementById("venue");
  var year = document.getElementById("year");
  var code = document.getElementById("code");
  var status = document.getElementById("status");
  var empty = document.getElementById("empty");
  var papers = Array.prototype.slice.call(document.querySelectorAll("li.paper"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.venue, section.year"));

  // The same folding as the Python side's data-search: case and accents ignored, any run of
  // punctuation or space separates words.
  function words(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\u00df/g, "ss")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function plural(n) { return n + (n === 1 ? " paper" : " papers"); }

  function choose(select, value) {
    select.value = "";
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value === value) { select.value = value; }
    });
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    search.value = params.get("q") || "";
    choose(venue, params.get("venue") || "");
    choose(year, params.get("year") || "");
    code.checked = params.get("code") === "1";
  }

  function writeState() {
    var params = new URLSearchParams();
    if (search.value.trim()) { params.set("q", search.value.trim()); }
    if (venue.value) { params.set("venue", venue.value); }
    if (year.value) { params.set("year", year.value); }
    if (code.checked) { params.set("code", "1"); }
    var query = params.toString();
    try {
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    } catch (error) {
      // Some browsers refuse history changes for pages opened from disk; filtering still works.
    }
  }

  function apply() {
    var terms = words(search.value);
    var shown = 0;
    papers.forEach(function (paper) {
      var data = paper.dataset;
      var visible = (!venue.value || data.venue === venue.value) &&
        (!year.value || data.year === year.value) &&
        (!code.checked || data.code === "1") &&
        terms.every(function (term) { return data.search.indexOf(term) !== -1; });
      paper.hidden = !visible;
      if (visible) { shown += 1; }
    });
    sections.forEach(function (section) {
      var count = section.querySelectorAll("li.paper:not([hidden])").length;
      section.hidden = count === 0;
      section.querySelector(".count").textContent = plural(count);
      var entry = document.querySelector('.toc [data-target="' + section.id + '"]');
      if (entry) {
        entry.hidden = count === 0;
        entry.querySelector(".count").textContent = count;
      }
    });
    status.textContent = shown === papers.length
      ? "Showing all " + plural(papers.length) + "."
      : "Showing " + shown + " of " + plural(papers.length) + ".";
    empty.hidden = shown !== 0;
    writeState();
    document.body.setAttribute("data-filtered", JSON.stringify([search.value, venue.value, year.value, code.checked]));
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  search.addEventListener("input", apply);
  venue.addEventListener("change", apply);
  year.addEventListener("change", apply);
  code.addEventListener("change", apply);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && search.value) { search.value = ""; apply(); }
  });
  document.getElementById("clear").addEventListener("click", function () {
    search.value = ""; venue.value = ""; year.value = ""; code.checked = false;
    apply();
    search.focus();
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      search.focus();
      search.select();
    }
  });
  window.addEventListener("popstate", function () { readState(); apply(); });

  form.hidden = false;
  readState();
  apply();
}());
