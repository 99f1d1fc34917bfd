// The state of this version on the reader's today: a frozen build cannot know whether it has been
// superseded since, so every page reads ../versions.json (written by `avv publish` from its
// publication record). The timeline is computed once, in Python (avv.timeline): each version's
// properties carry the days it is in effect (valid_from, valid_until) and the version that
// replaced it (successor, superseded_on). This script only compares today with those dates and
// computes no order of its own. It shows
// - on every page: "Gültig vom … bis …" and "ersetzt durch <successor> am …",
// - on a superseded (ersetzt) or announced (angekündigt) version: a banner linking to the version
//   in effect,
// - on the version in effect: a notice of an announced successor with its dates,
// - on the overview: the state in its `.avv-state` paragraph,
// - in Material's version selector: each version's state.
// Without versions.json (mkdocs serve, a plain build) the page stays as built.
(function () {
  "use strict";

  // The rule, for scripts of the page: the state of a version's properties on a day.
  window.avvStateOn = function (properties, today) {
    return stateOn({ published: properties.published, from: properties.valid_from,
      until: properties.valid_until }, today);
  };

  // This script lives at <version root>/javascripts/version-state.js (a classic script).
  if (!document.currentScript || !document.currentScript.src) return;
  var root = new URL("..", document.currentScript.src);
  var folder = decodeURIComponent(root.pathname.replace(/\/$/, "").split("/").pop());
  // Pages every version has: a link to another version keeps the reader on the same page.
  var SHARED = ["avv", "anlage-1", "anlage-2", "vergleich", "mitteilung", "mitteilungen"];

  function isoToday() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function germanDate(iso) {
    return new Intl.DateTimeFormat("de-AT", {
      day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
    }).format(new Date(iso + "T00:00:00Z"));
  }

  // The versions avv published, each with its state on `today` from its own dates alone.
  function withStates(entries, today) {
    var versions = entries
      .filter(function (e) { return e.properties && e.properties.valid_from; })
      .map(function (e) {
        var p = e.properties;
        return {
          id: e.version,
          aliases: e.aliases || [],
          published: p.published,
          effective: p.effective,
          from: p.valid_from,
          until: p.valid_until,
          successor: p.successor,
          supersededOn: p.superseded_on,
        };
      });
    versions.forEach(function (v) { v.state = stateOn(v, today); });
    return versions;
  }

  // The state of a version on `today` (YYYY-MM-DD), from its properties alone.
  function stateOn(v, today) {
    if (today < v.published) return "vorbereitet";
    if (today < v.from) return "angekündigt";
    if (v.until && today > v.until) return "ersetzt";
    return "gültig";
  }

  function find(versions, name) {
    return versions.filter(function (v) {
      return v.id === name || v.aliases.indexOf(name) !== -1;
    })[0];
  }

  // The same page in another version, where that version has it, else its overview.
  function hrefIn(version) {
    var rest = location.pathname.slice(root.pathname.length).split("/")[0];
    var target = new URL("../" + encodeURIComponent(version.id) + "/", root);
    if (SHARED.indexOf(rest) !== -1) {
      target = new URL(rest + "/" + (rest === "vergleich" ? "" : location.hash), target);
    }
    return target.href;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(version, text) {
    var a = element("a", "avv-version-link", text);
    a.href = hrefIn(version);
    return a;
  }

  // The redline between two versions is in the newer one's build: <newer>/vergleich/<older>/.
  function redline(newer, older) {
    var a = element("a", "avv-version-link", "Was sich geändert hat");
    a.href = new URL("../" + encodeURIComponent(newer.id) + "/vergleich/" +
      encodeURIComponent(older.id) + "/", root).href;
    return a;
  }

  // The banner's parts: [kind, title, sentence, links].
  function banner(current, inEffect, successor, replacedBy) {
    if (current.state === "ersetzt" && inEffect) {
      var by = replacedBy || inEffect;
      var sentence = "Sie wurde am " + germanDate(current.supersededOn || by.from) +
        " ersetzt durch die Version " + by.id + "." + (by.id === inEffect.id ? "" :
        " Gültig ist heute die Version " + inEffect.id + ", seit " + germanDate(inEffect.from) + ".");
      return ["warning", "Diese Version ist nicht mehr gültig", sentence,
        [link(inEffect, "Zur gültigen Version " + inEffect.id), redline(inEffect, current)]];
    }
    if (current.state === "angekündigt") {
      return ["info", "Diese Version ist angekündigt",
        "Sie wurde am " + germanDate(current.published) + " bekanntgegeben und gilt ab " +
        germanDate(current.effective) + "." + (inEffect ? " Bis dahin gilt die Version " +
        inEffect.id + "." : ""),
        inEffect ? [link(inEffect, "Zur gültigen Version " + inEffect.id),
          redline(current, inEffect)] : []];
    }
    if (current.state === "gültig" && successor) {
      return ["info", "Eine neue Version ist angekündigt",
        "Die Version " + successor.id + " wurde am " + germanDate(successor.published) +
        " bekanntgegeben und gilt ab " + germanDate(successor.effective) +
        "; bis dahin gilt diese Version.",
        [link(successor, "Zur angekündigten Version " + successor.id),
          redline(successor, current)]];
    }
    return null;
  }

  function showBanner(parts) {
    var article = document.querySelector("article.md-content__inner");
    var old = document.querySelector(".avv-version-state");
    if (old) old.remove();
    if (!parts || !article) return;
    var box = element("div", "admonition avv-version-state " + parts[0]);
    box.setAttribute("role", "note");
    box.appendChild(element("p", "admonition-title", parts[1]));
    var text = element("p", null, parts[2]);
    parts[3].forEach(function (a, i) {
      text.appendChild(document.createTextNode(i ? " · " : " "));
      text.appendChild(a);
    });
    box.appendChild(text);
    article.insertBefore(box, article.firstChild);
  }

  // "Gültig vom … bis …" and "ersetzt durch … am …" at the top of every page.
  function period(current) {
    var text = current.until
      ? "Gültig vom " + germanDate(current.from) + " bis " + germanDate(current.until)
      : (current.state === "angekündigt" ? "Gültig ab " : "Gültig seit ") + germanDate(current.from);
    return text + (current.successor
      ? "; ersetzt durch " + current.successor + " am " + germanDate(current.supersededOn) + "."
      : ".");
  }

  function showPeriod(current) {
    var article = document.querySelector("article.md-content__inner");
    var old = document.querySelector(".avv-period");
    if (old) old.remove();
    if (!article) return;
    var line = element("p", "avv-period", period(current));
    line.setAttribute("data-valid-from", current.from);
    if (current.until) line.setAttribute("data-valid-until", current.until);
    if (current.successor) line.setAttribute("data-successor", current.successor);
    article.insertBefore(line, article.firstChild);
  }

  function fillOverview(current, inEffect, successor, today) {
    document.querySelectorAll(".avv-state").forEach(function (p) {
      var old = p.querySelector(".avv-state-today");
      if (old) old.remove();
      var state = element("strong", "avv-state-today",
        " Stand " + germanDate(today) + ": " + current.state + ".");
      state.setAttribute("data-state", current.state);
      p.appendChild(state);
      if (current.state !== "gültig" && inEffect) {
        state.appendChild(document.createTextNode(" Gültig ist die Version "));
        state.appendChild(link(inEffect, inEffect.id));
        state.appendChild(document.createTextNode("."));
      } else if (successor) {
        state.appendChild(document.createTextNode(" Angekündigt ist die Version "));
        state.appendChild(link(successor, successor.id));
        state.appendChild(document.createTextNode(", gültig ab " + germanDate(successor.effective) + "."));
      }
    });
  }

  // Material renders the version selector itself, from the same versions.json: label each entry.
  function decorateSelector(versions) {
    var label = function (node, version) {
      if (!version || node.querySelector(".avv-version-selector-state")) return;
      node.appendChild(element("span", "avv-version-selector-state", " · " + version.state));
    };
    var decorate = function () {
      document.querySelectorAll(".md-version__link").forEach(function (a) {
        var name = decodeURIComponent(new URL(a.href).pathname.replace(/\/$/, "").split("/").pop());
        label(a, find(versions, name));
      });
      document.querySelectorAll(".md-version__current").forEach(function (button) {
        label(button, find(versions, folder));
      });
    };
    decorate();
    if (!observing) {
      observing = true;
      new MutationObserver(decorate).observe(document.body, { childList: true, subtree: true });
    }
  }
  var observing = false;

  var loaded = fetch(new URL("../versions.json", root))
    .then(function (response) { return response.ok ? response.json() : []; })
    .catch(function () { return []; });

  function render() {
    loaded.then(function (entries) {
      var today = isoToday();
      var versions = withStates(entries, today);
      var current = find(versions, folder);
      if (!current) return;
      var inEffect = versions.filter(function (v) { return v.state === "gültig"; })[0];
      var next = current.successor ? find(versions, current.successor) : undefined;
      var successor = current.state === "gültig" && next && next.state === "angekündigt"
        ? next : undefined;
      showPeriod(current);
      showBanner(banner(current, inEffect, successor, next));
      fillOverview(current, inEffect, successor, today);
      document.documentElement.setAttribute("data-avv-state", current.state);
      decorateSelector(versions);
    });
  }

  // Material's document$ emits on every page, also with instant navigation.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(render);
  } else {
    document.addEventListener("DOMContentLoaded", render);
  }
})();
