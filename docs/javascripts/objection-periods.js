// A running objection period on every page of every version: a frozen build cannot know of a
// notice published after it, so every page reads ../mitteilungen.json at the root of the site
// branch (written by `avv publish` from its publication record, avv.published.notices_index). It
//  - shows "Eine Widerspruchsfrist läuft bis …" while today is on or before a notice's last day
//    to object, linking to that notice and to the root notices index (../mitteilungen/), in the
//    page's fixed place for it below the version's own state (version-state.js's box),
//  - drops a link to the root notices index where it is this very page (`avv serve`, where the
//    version's build is the whole site).
// The script only compares today with the dates of the file; without it (mkdocs serve, a plain
// build) the page stays as built, and each version's own Mitteilungen page links to the index.
(function () {
  "use strict";

  // This script lives at <version root>/javascripts/objection-periods.js (a classic script).
  if (!document.currentScript || !document.currentScript.src) return;
  var root = new URL("..", document.currentScript.src);
  var site = new URL("..", root);

  // Today and German dates as version-state.js (loaded before this script) reads them.
  var isoToday = window.avvDates.isoToday;
  var germanDate = window.avvDates.germanDate;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // A path of mitteilungen.json (from the site's root) as a link; only paths within the site.
  function href(path) {
    var target = new URL(path, site);
    return target.origin === site.origin ? target.href : site.href;
  }

  function indexLink(data, text) {
    var a = element("a", "avv-notices-index-link", text);
    a.href = href(data.index || "mitteilungen/");
    return a;
  }

  // A link to the notices index that is this page itself: only where the version's build is the
  // whole site (`avv serve`); its sentence goes.
  function dropSelfLinks() {
    var here = location.href.split("#")[0];
    document.querySelectorAll(".avv-notices-index a").forEach(function (a) {
      if (a.href.split("#")[0] === here) a.closest(".avv-notices-index").remove();
    });
  }

  function running(data, today) {
    return (data.notices || []).filter(function (n) {
      return typeof n.last_day === "string" && typeof n.date === "string" &&
        n.date <= today && today <= n.last_day;
    });
  }

  function showBanner(data, today) {
    var open = running(data, today);
    var paragraphs = open.map(function (n) {
      var text = element("p", null, "Zur Mitteilung vom " + germanDate(n.date) +
        " (Version " + n.version + ") können Sie bis einschließlich " +
        germanDate(n.last_day) + " schriftlich widersprechen. ");
      text.setAttribute("data-last-day", n.last_day);
      var a = element("a", "avv-objection-period__notice", "Zur Mitteilung");
      a.href = href(n.notice);
      text.appendChild(a);
      text.appendChild(document.createTextNode(" · "));
      text.appendChild(indexLink(data, "Alle Mitteilungen und Fristen"));
      return text;
    });
    var title = !open.length ? "" : open.length === 1
      ? "Eine Widerspruchsfrist läuft bis " + germanDate(open[0].last_day)
      : "Widerspruchsfristen laufen";
    window.avvShowBox("objection", "warning", title, paragraphs, "avv-objection-period");
  }

  var loaded = fetch(new URL("mitteilungen.json", site))
    .then(function (response) { return response.ok ? response.json() : null; })
    .catch(function () { return null; });

  function render() {
    dropSelfLinks();
    loaded.then(function (data) {
      if (!data || !Array.isArray(data.notices)) return;
      showBanner(data, isoToday());
    });
  }

  // Material's document$ emits on every page, also with instant navigation.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(render);
  } else {
    document.addEventListener("DOMContentLoaded", render);
  }
})();
