/* The version picker of vergleich/: two selects that lead to the pair's redline page.
 *
 * The pair (A, B), A older than B, lives in B's build at /<B>/vergleich/<A>/. This page lives
 * at /<current>/vergleich/, so the pair is at A/ when B is this version and at
 * ../../<B>/vergleich/<A>/ otherwise. The build knows the versions up to its own; later ones
 * come from the site's versions.json (mike) when the page is served from the site branch.
 * Without JavaScript the form stays hidden and the list of links below it does the job.
 */
(function () {
  "use strict";

  function pairHref(current, older, newer) {
    var path = newer === current ? "" : "../../" + encodeURIComponent(newer) + "/vergleich/";
    return path + encodeURIComponent(older) + "/";
  }

  function germanDate(iso) {
    return new Intl.DateTimeFormat("de-AT", {
      day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
    }).format(new Date(iso + "T00:00:00Z"));
  }

  /* Each version with its date of effect, the one of this page marked. */
  var labels = {};

  function fill(select, versions, selected) {
    select.textContent = "";
    versions.slice().reverse().forEach(function (version) {
      var option = document.createElement("option");
      option.value = version;
      option.textContent = labels[version] || version;
      option.selected = version === selected;
      select.appendChild(option);
    });
  }

  function laterVersions(known) {
    /* Versions the site lists that this frozen build does not know: the later ones, oldest first. */
    return fetch("../../versions.json", { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (entries) {
        var later = entries.filter(function (entry) {
          return entry && typeof entry.version === "string" && known.indexOf(entry.version) < 0;
        });
        later.forEach(function (entry) {
          var effective = entry.properties && entry.properties.effective;
          labels[entry.version] = entry.version +
            (effective ? " (gültig ab " + germanDate(effective) + ")" : "");
        });
        return later.map(function (entry) { return entry.version; }).reverse();
      })
      .catch(function () { return []; });
  }

  function setUp(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    var current = form.dataset.current;
    var versions = JSON.parse(form.dataset.versions);
    var own = JSON.parse(form.dataset.labels || "{}");
    Object.keys(own).forEach(function (version) { labels[version] = own[version]; });
    var older = form.querySelector("#avv-compare-old");
    var newer = form.querySelector("#avv-compare-new");
    var message = form.querySelector(".avv-compare-message");

    function show(all) {
      versions = all;
      var here = versions.indexOf(current);
      fill(older, versions, versions[Math.max(here - 1, 0)]);
      fill(newer, versions, current);
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
    laterVersions(versions).then(function (later) {
      if (later.length) show(versions.concat(later));
    });
  }

  function init() {
    document.querySelectorAll("form.avv-compare-picker").forEach(setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
