// A running objection period on every page of every version: a frozen build cannot know of a
// notice published after it, so every page reads ../mitteilungen.json at the root of the site
// branch (written by `avv publish` from its publication record, avv.published.notices_index). It
//  - links to the root notices index (../mitteilungen/) from the site's navigation,
//  - shows "Eine Widerspruchsfrist läuft bis …" while today is on or before a notice's last day
//    to object, linking to that notice and to the index.
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

  // In the site's navigation, after this version's own "Mitteilungen": the sticky header and
  // version bar keep their height, so a deep link still lands below them.
  function showIndexLink(data) {
    if (document.querySelector(".avv-notices-index-item")) return;
    var list = document.querySelector(".md-nav--primary > .md-nav__list");
    if (!list) return;
    var item = element("li", "md-nav__item avv-notices-index-item");
    var a = indexLink(data, "Alle Mitteilungen und Fristen");
    a.className += " md-nav__link";
    item.appendChild(a);
    var own = new URL("mitteilungen/", root).href;
    var after = Array.prototype.filter.call(list.children, function (li) {
      var link = li.querySelector(":scope > a.md-nav__link");
      return link && link.href === own;
    })[0];
    list.insertBefore(item, after ? after.nextSibling : null);
  }

  function running(data, today) {
    return (data.notices || []).filter(function (n) {
      return typeof n.last_day === "string" && typeof n.date === "string" &&
        n.date <= today && today <= n.last_day;
    });
  }

  function showBanner(data, today) {
    var old = document.querySelector(".avv-objection-period");
    if (old) old.remove();
    var open = running(data, today);
    var article = document.querySelector("article.md-content__inner");
    if (!open.length || !article) return;
    var box = element("div", "admonition warning avv-objection-period");
    box.setAttribute("role", "note");
    box.appendChild(element("p", "admonition-title", open.length === 1
      ? "Eine Widerspruchsfrist läuft bis " + germanDate(open[0].last_day)
      : "Widerspruchsfristen laufen"));
    open.forEach(function (n) {
      var text = element("p", null, "Zur Mitteilung vom " + germanDate(n.date) +
        " (Version " + n.version + ") können Sie bis einschließlich " +
        germanDate(n.last_day) + " schriftlich widersprechen. ");
      text.setAttribute("data-last-day", n.last_day);
      var a = element("a", "avv-objection-period__notice", "Zur Mitteilung");
      a.href = href(n.notice);
      text.appendChild(a);
      text.appendChild(document.createTextNode(" · "));
      text.appendChild(indexLink(data, "Alle Mitteilungen und Fristen"));
      box.appendChild(text);
    });
    // Below the version's own state (version-state.js), which says first what one reads.
    var state = article.querySelector(":scope > .avv-version-state");
    article.insertBefore(box, state ? state.nextSibling : article.firstChild);
  }

  var loaded = fetch(new URL("mitteilungen.json", site))
    .then(function (response) { return response.ok ? response.json() : null; })
    .catch(function () { return null; });

  function render() {
    loaded.then(function (data) {
      if (!data || !Array.isArray(data.notices)) return;
      showIndexLink(data);
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
