// The state of this version on the reader's today: a frozen build cannot know whether it has been
// superseded since, so every page reads the dates of all versions from ../versions.json (mike's
// version properties, written by `avv publish`) and shows
// - on a superseded (ersetzt) or announced (angekündigt) version: a banner linking to the version
//   in effect,
// - on the version in effect: a notice of an announced successor with its dates,
// - on the overview: the state in its `.avv-state` paragraph,
// - in Material's version selector: each version's state.
// Without versions.json (mkdocs serve, a plain build) the page stays as built.
(function () {
  "use strict";

  // This script lives at <version root>/javascripts/version-state.js (a classic script).
  if (!document.currentScript) return;
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

  // The versions avv published, oldest first, each with its state on `today`
  // (the same rule as avv.timeline).
  function withStates(entries, today) {
    var versions = entries
      .filter(function (e) { return e.properties && e.properties.published && e.properties.effective; })
      .map(function (e) {
        return {
          id: e.version,
          aliases: e.aliases || [],
          published: e.properties.published,
          effective: e.properties.effective,
        };
      })
      .sort(function (a, b) {
        return (a.published + a.effective + a.id).localeCompare(b.published + b.effective + b.id);
      });
    versions.forEach(function (v, i) {
      var superseded = versions.slice(i + 1).some(function (later) {
        return later.published <= today && later.effective <= today;
      });
      v.state = today < v.published ? "vorbereitet"
        : today < v.effective ? "angekündigt"
        : superseded ? "ersetzt" : "gültig";
    });
    return versions;
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
  function banner(current, inEffect, successor) {
    if (current.state === "ersetzt" && inEffect) {
      return ["warning", "Diese Version ist nicht mehr gültig",
        "Sie wurde ersetzt durch die Version " + inEffect.id + ", gültig seit " +
        germanDate(inEffect.effective) + ".",
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
      var inEffect = versions.filter(function (v) { return v.state === "gültig"; }).pop();
      var announced = versions.filter(function (v) { return v.state === "angekündigt"; });
      var successor = current.state === "gültig" ? announced.pop() : undefined;
      showBanner(banner(current, inEffect, successor));
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
