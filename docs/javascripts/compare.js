/* The version picker of vergleich/: two selects that lead to the pair's redline page, and the
 * list of every pair below it.
 *
 * The pair (A, B), A older than B, lives in B's build at /<B>/vergleich/<A>/. This page lives
 * at /<current>/vergleich/, so the pair is at A/ when B is this version and at
 * ../../<B>/vergleich/<A>/ otherwise. The build knows the versions up to its own; later ones,
 * and every version's state on the reader's today, come from the site's versions.json (mike)
 * when the page is served from the site branch: each option and each pair names its versions'
 * states, and where a version is announced, the pair from the version in effect to it comes
 * first. The order is the one avv wrote; this script only compares today with the periods.
 * Without JavaScript the form stays hidden and the list of links below it does the job.
 */
(function () {
  "use strict";

  function pairHref(current, older, newer) {
    var path = newer === current ? "" : "../../" + encodeURIComponent(newer) + "/vergleich/";
    return path + encodeURIComponent(older) + "/";
  }

  // Today as version-state.js (loaded before this script) reads it.
  var isoToday = window.avvDates.isoToday;

  /* From when each version binds (German text) and its state on today, where the site says it. */
  var dates = {};
  var states = {};

  /* From when a version binds (german.js). */
  var effect = window.avvDates.effect;

  function label(version, current) {
    var d = dates[version];
    // Short enough for the select's width: the id, this page's mark, the state (not "gültig",
    // which the first day says), from when it binds (an offer: with written consent).
    var state = states[version] && states[version] !== "gültig" ? " · " + states[version] : "";
    return version + (version === current ? " (diese Version)" : "") + state +
      (d ? " · " + d.effect : "");
  }

  function fill(select, versions, selected, current) {
    select.textContent = "";
    versions.slice().reverse().forEach(function (version) {
      var option = document.createElement("option");
      option.value = version;
      option.textContent = label(version, current);
      option.selected = version === selected;
      select.appendChild(option);
    });
  }

  /* The versions the site lists (versions.json, newest first), each with its dates and state. */
  function siteVersions() {
    return fetch("../../versions.json", { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (entries) {
        var today = isoToday();
        return entries.filter(function (entry) {
          return entry && typeof entry.version === "string";
        }).map(function (entry) {
          var p = entry.properties || {};
          return {
            id: entry.version,
            published: p.published,
            effective: p.effective,
            offer: p.offer === "true",
            state: p.valid_from && window.avvStateOn ? window.avvStateOn(p, today) : undefined,
          };
        });
      })
      .catch(function () { return []; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* Each pair of the list with its versions' states; the pair from the version in effect to an
     announced one first, marked, added where this build cannot know it. */
  function decorateList(nav, site, current) {
    nav.querySelectorAll("a[data-older][data-newer]").forEach(function (a) {
      var older = states[a.dataset.older];
      var newer = states[a.dataset.newer];
      var old = a.parentNode.querySelector(".avv-compare-states");
      if (old) old.remove();
      if (older && newer) {
        /* After the dates, before the pair's files (where it has them). */
        a.parentNode.insertBefore(
          element("span", "avv-compare-states", " · " + older + " → " + newer),
          a.parentNode.querySelector(".avv-compare-files"));
      }
    });
    var inEffect = site.filter(function (v) { return v.state === "gültig"; })[0];
    var announced = site.filter(function (v) { return v.state === "angekündigt"; });
    if (!inEffect) return null;
    var list = nav.querySelector("ul") || nav.appendChild(element("ul"));
    announced.slice().reverse().forEach(function (version) {
      var a = nav.querySelector('a[data-older="' + CSS.escape(inEffect.id) + '"][data-newer="' +
        CSS.escape(version.id) + '"]');
      var item;
      if (a) {
        item = a.closest("li");
      } else {
        item = element("li");
        a = element("a", null, inEffect.id + " → " + version.id);
        a.href = pairHref(current, inEffect.id, version.id);
        a.dataset.older = inEffect.id;
        a.dataset.newer = version.id;
        item.appendChild(a);
        item.appendChild(document.createTextNode(" (" + effect(inEffect.effective, inEffect.offer) +
          " → " + effect(version.effective, version.offer) + ")"));
        item.appendChild(element("span", "avv-compare-states", " · gültig → angekündigt"));
      }
      if (!item.classList.contains("avv-compare-featured")) {
        item.classList.add("avv-compare-featured");
        item.insertBefore(element("strong", null, "Gültige → angekündigte Version: "), item.firstChild);
      }
      list.insertBefore(item, list.firstChild);
    });
    return announced.length ? [inEffect.id, announced[0].id] : null;
  }

  function setUp(form, site) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var current = form.dataset.current;
    var versions = JSON.parse(form.dataset.versions);
    var own = JSON.parse(form.dataset.dates || "{}");
    Object.keys(own).forEach(function (version) { dates[version] = own[version]; });
    var older = form.querySelector("#avv-compare-old");
    var newer = form.querySelector("#avv-compare-new");
    var message = form.querySelector(".avv-compare-message");

    /* A reader who chose before versions.json arrived keeps the choice: the refill after the
       fetch only adds options and labels. */
    var chosen = false;
    older.addEventListener("change", function () { chosen = true; });
    newer.addEventListener("change", function () { chosen = true; });

    function show(all, pair) {
      versions = all;
      var here = versions.indexOf(current);
      var keep = chosen ? [older.value, newer.value] : null;
      var first = keep || pair || [versions[Math.max(here - 1, 0)], current];
      fill(older, versions, first[0], current);
      fill(newer, versions, first[1], current);
      form.hidden = versions.length < 2;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var a = versions.indexOf(older.value);
      var b = versions.indexOf(newer.value);
      if (a === b) {
        message.textContent = "Bitte wählen Sie zwei verschiedene Versionen.";
        return;
      }
      /* A redline always reads from the older version to the newer one. */
      var from = versions[Math.min(a, b)];
      var to = versions[Math.max(a, b)];
      message.textContent = "";
      window.location.assign(pairHref(current, from, to));
    });

    show(versions);
    site.then(function (listed) {
      listed.forEach(function (v) {
        if (!dates[v.id] && v.published && v.effective) {
          dates[v.id] = { effect: effect(v.effective, v.offer) };
        }
        if (v.state) states[v.id] = v.state;
      });
      /* Versions the site lists that this frozen build does not know: the later ones. */
      var later = listed.filter(function (v) { return versions.indexOf(v.id) < 0; })
        .map(function (v) { return v.id; }).reverse();
      var pair = null;
      document.querySelectorAll("nav.avv-compare-links").forEach(function (nav) {
        pair = decorateList(nav, listed, current) || pair;
      });
      show(versions.concat(later), pair);
    });
  }

  function init() {
    var forms = document.querySelectorAll("form.avv-compare-picker");
    if (!forms.length) return;
    var site = siteVersions();
    forms.forEach(function (form) { setUp(form, site); });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
