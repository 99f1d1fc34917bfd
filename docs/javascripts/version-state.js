// The state of this version on the reader's today: a frozen build cannot know whether it has been
// superseded since, so every page reads ../versions.json (written by `avv publish` from its
// publication record). The timeline is computed once, in Python (avv.law.timeline): each version's
// properties carry the days it is in effect (valid_from, valid_until) and the version that
// replaced it (successor, superseded_on). This script only compares today with those dates and
// computes no order of its own. It shows
// - on every page: the whole period in the bar below the header ("gültig vom … bis …"),
// - on a superseded (ersetzt) or announced (angekündigt) version: a box linking to the version
//   in effect,
// - on the version in effect: a box of an announced successor with its dates,
// - on the overview: the state in its row "Stand", the table of periods completed, and the form
//   "Fassung an einem Tag" that leads to the version in effect on a chosen day,
// - on the sign page: which version to sign, where another is in effect or announced; a
//   superseded version's form is not offered,
// - in Material's version selector: each version's state and dates, this page's version marked,
//   and a choice leads to the same page and clause of the chosen version.
// The boxes go into the page's fixed place for them (docs/overrides/main.html); on a phone they
// are closed to their one-line title, so the first screen shows the heading and the text.
// What binds whom is in versions.json too (avv.law.binding, written by `avv publish`): a version
// with a change by agreement (XIII.b, V.b) is an offer (`offer`): it binds a customer from their
// written consent, never before its `effective`, while its changes by notice bind everyone; and
// `text_for_all` names the version whose text binds those who have not agreed. So a version whose
// text still binds them is not "ersetzt" for its text, and an offer is never "gültig" without its
// condition. The words are here; which version is which comes from Python.
// Without versions.json (mkdocs serve, a plain build) the page stays as built.
(function () {
  "use strict";

  // The rule, for scripts of the page: the state of a version's properties on a day.
  window.avvStateOn = function (properties, today) {
    return stateOn({ published: properties.published, from: properties.valid_from,
      until: properties.valid_until }, today);
  };

  // German dates and today in Vienna: javascripts/german.js, loaded before this script.
  var isoToday = window.avvDates.isoToday;
  var germanDate = window.avvDates.germanDate;
  var numericDate = window.avvDates.numericDate;
  var shortDate = window.avvDates.shortDate;

  // A box above the page's heading in its fixed place (`slot`: "version" or "objection"): open on
  // a wide screen, closed to its title on a phone; `kind` is the admonition's ("info", "warning").
  window.avvShowBox = showBox;

  // This script lives at <version root>/javascripts/version-state.js (a classic script).
  if (!document.currentScript || !document.currentScript.src) return;
  var root = new URL("..", document.currentScript.src);
  // The last folder of an address: a version's id, for a version's root.
  var lastFolder = function (url) {
    return decodeURIComponent(new URL(url).pathname.replace(/\/$/, "").split("/").pop());
  };
  var folder = lastFolder(root.href);
  // Pages every version has: a link to another version keeps the reader on the same page.
  var SHARED = ["avv", "anlage-1", "anlage-2", "vergleich", "mitteilung", "mitteilungen",
    "unterzeichnen", "hilfe"];
  var PHONE = "(max-width: 44.984375em)";

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
          offer: p.offer === "true",
          kinds: (p.kinds || "").split(","),
          textForAll: p.text_for_all,
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

  // Whether the text of `v` still binds every customer who has not agreed to a later offer,
  // while the version in effect (its annexes bind everyone) is a later one.
  function textKept(v, inEffect) {
    return v.state === "ersetzt" && Boolean(inEffect) && inEffect.textForAll === v.id;
  }

  // The state of `v` in words, with what binds whom: an offer is "Angebot", a text that still
  // binds those who have not agreed is not simply "ersetzt".
  function stateWords(v, inEffect) {
    return window.avvDates.stateWords(v.state, v.offer, textKept(v, inEffect));
  }

  // The clauses that make a version an offer: XIII.b (an amendment), V.b (a third country).
  function offerClauses(v) {
    var clauses = [];
    if (v.kinds.indexOf("amendment") !== -1) clauses.push("Punkt XIII.b");
    if (v.kinds.indexOf("consent") !== -1) clauses.push("Punkt V.b");
    return clauses.length ? " (" + clauses.join(", ") + ")" : "";
  }

  // "gültig ab …", or for an offer "gilt mit Ihrer schriftlichen Zustimmung, frühestens ab …".
  function effectWords(v) {
    return window.avvDates.effect(v.effective, v.offer);
  }

  function find(versions, name) {
    return versions.filter(function (v) {
      return v.id === name || v.aliases.indexOf(name) !== -1;
    })[0];
  }

  // The same page and clause in another version, where that version has it, else its overview.
  // A redline (vergleich/<older>/) leads to the other version's page of comparisons.
  function hrefIn(version) {
    var rest = location.pathname.slice(root.pathname.length);
    var first = rest.split("/")[0];
    var target = new URL("../" + encodeURIComponent(version.id) + "/", root);
    if (SHARED.indexOf(first) === -1) return target.href;
    if (first !== "hilfe") rest = first + "/";
    return new URL(rest + (first === "vergleich" ? "" : location.hash), target).href;
  }

  function showBox(slot, kind, title, paragraphs, className) {
    var place = document.querySelector('.avv-page-state__slot[data-slot="' + slot + '"]');
    if (!place) return null;
    place.textContent = "";
    if (!title) return null;
    var box = element("details", kind + " " + className);
    box.open = !window.matchMedia(PHONE).matches;
    box.appendChild(element("summary", null, title));
    paragraphs.forEach(function (p) { box.appendChild(p); });
    place.appendChild(box);
    return box;
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
  function banner(current, inEffect, successor, replacedBy, versions) {
    var held = current.textForAll ? find(versions, current.textForAll) : undefined;
    if (textKept(current, inEffect)) {
      return ["info", "Der Text dieser Version gilt weiter",
        "Für alle Kunden, die den Änderungen seit dieser Version nicht schriftlich zugestimmt " +
        "haben (Punkt XIII.b), gilt weiter ihr Text, mit den Änderungen durch Mitteilung " +
        "(Anlagen, Weisungsempfänger) der Version " + inEffect.id + ", die seit " +
        germanDate(inEffect.from) + " für alle gelten.",
        [link(inEffect, "Zur Version " + inEffect.id), redline(inEffect, current)]];
    }
    if (current.state === "gültig" && !successor && (current.offer || held)) {
      var text = current.offer
        ? "Ihr Text bindet Sie erst mit Ihrer schriftlichen Zustimmung, frühestens ab " +
          germanDate(current.effective) + offerClauses(current) + "; ihre Änderungen durch " +
          "Mitteilung gelten seit " + germanDate(current.from) + " für alle Kunden."
        : "Ihre Änderungen durch Mitteilung gelten seit " + germanDate(current.from) +
          " für alle Kunden; ihr Text enthält Änderungen eines früheren Angebots und bindet nur, " +
          "wer ihnen schriftlich zugestimmt hat.";
      return ["info", current.offer ? "Diese Version ist ein Angebot"
          : "Der Text dieser Version bindet nur, wer zugestimmt hat",
        text + (held ? " Für alle anderen gilt der Text der Version " + held.id + "." : ""),
        held ? [link(held, "Zum Text der Version " + held.id), redline(current, held)] : []];
    }
    if (current.state === "ersetzt" && inEffect) {
      var by = replacedBy || inEffect;
      var sentence = "Sie wurde am " + germanDate(current.supersededOn || by.from) +
        " ersetzt durch die Version " + by.id + "." + (by.id === inEffect.id ? "" :
        " Gültig ist heute die Version " + inEffect.id + ", seit " + germanDate(inEffect.from) + ".");
      return ["warning", "Diese Version ist nicht mehr gültig", sentence,
        [link(inEffect, "Zur gültigen Version " + inEffect.id), redline(inEffect, current)]];
    }
    if (current.state === "angekündigt") {
      return ["info", current.offer ? "Diese Version ist angekündigt, als Angebot"
          : "Diese Version ist angekündigt",
        "Sie wurde am " + germanDate(current.published) + " bekanntgegeben und " +
        (current.offer ? effectWords(current) + "; ihre Änderungen durch Mitteilung gelten ab dann " +
          "für alle Kunden."
          : "gilt ab " + germanDate(current.effective) + ".") +
        (inEffect ? " Bis dahin gilt die Version " + inEffect.id + "." : ""),
        inEffect ? [link(inEffect, "Zur gültigen Version " + inEffect.id),
          redline(current, inEffect)] : []];
    }
    if (current.state === "gültig" && successor) {
      return ["info", successor.offer ? "Eine neue Version ist angeboten"
          : "Eine neue Version ist angekündigt",
        "Die Version " + successor.id + " wurde am " + germanDate(successor.published) +
        " bekanntgegeben und " + (successor.offer
          ? effectWords(successor) + "; ihre Änderungen durch Mitteilung gelten ab " +
            "dann für alle. Ohne Ihre Zustimmung gilt der Text dieser Version weiter."
          : "gilt ab " + germanDate(successor.effective) + "; bis dahin gilt diese Version."),
        [link(successor, "Zur angekündigten Version " + successor.id),
          redline(successor, current)]];
    }
    return null;
  }

  function showBanner(parts) {
    if (!parts) {
      showBox("version", "", "", [], "");
      return;
    }
    var text = element("p", null, parts[2]);
    parts[3].forEach(function (a, i) {
      text.appendChild(document.createTextNode(i ? " · " : " "));
      text.appendChild(a);
    });
    showBox("version", parts[0], parts[1], [text], "avv-version-state");
  }

  // "Gültig vom … bis …" and "ersetzt durch … am …" at the top of every page.
  // The successor only where no banner above names it already.
  function period(current, bannerNamesSuccessor, kept) {
    var text = current.until
      ? "Gültig vom " + germanDate(current.from) + " bis " + germanDate(current.until)
      : (current.state === "angekündigt" ? "Gültig ab " : "Gültig seit ") + germanDate(current.from);
    if (current.offer) {
      text = "Angebot: " + window.avvDates.effect(current.from, true) + (current.until ? ", bis " + germanDate(current.until) : "");
    }
    if (kept) text += "; ihr Text gilt weiter für alle, die späteren Änderungen nicht zugestimmt haben";
    return text + (current.successor && !bannerNamesSuccessor
      ? "; ersetzt durch " + current.successor + " am " + germanDate(current.supersededOn) + "."
      : ".");
  }

  // The bar that stays in view while one scrolls names the whole period once it has ended; the
  // page adds a line only where it says more than the bar: an offer's condition, a text that
  // binds on.
  function showPeriod(current, bannerNamesSuccessor, kept) {
    var old = document.querySelector(".avv-period");
    if (old) old.remove();
    var article = document.querySelector("article.md-content__inner");
    if (article && (current.offer || kept)) {
      var line = element("p", "avv-period", period(current, bannerNamesSuccessor, kept));
      var place = article.querySelector(".avv-page-state");
      article.insertBefore(line, place ? place.nextSibling : article.firstChild);
    }
    var bar = document.querySelector(".avv-version-bar__period");
    if (!bar) return;
    bar.setAttribute("data-valid-from", current.from);
    if (current.until) {
      bar.setAttribute("data-valid-until", current.until);
      bar.textContent = "";
      bar.appendChild(element("span", "avv-wide",
        "gültig vom " + germanDate(current.from) + " bis " + germanDate(current.until)));
      bar.appendChild(element("span", "avv-narrow",
        "gültig " + shortDate(current.from) + "–" + shortDate(current.until)));
    }
    if (current.successor) bar.setAttribute("data-successor", current.successor);
  }

  // unterzeichnen/: the version to sign. A superseded one is not offered; beside an announced
  // successor, or on an announced version, the page says which one is which.
  function adviseSigning(current, inEffect, successor) {
    var advice = document.querySelector(".avv-sign-advice");
    if (!advice) return;
    advice.textContent = "";
    var to = function (version) {
      var a = element("a", "avv-version-link", "Version " + version.id + " unterzeichnen");
      a.href = new URL("../" + encodeURIComponent(version.id) + "/unterzeichnen/", root).href;
      return a;
    };
    var parts = null;
    if (current.state === "ersetzt" && inEffect) {
      parts = ["Diese Version ist nicht mehr gültig und wird nicht mehr unterzeichnet. Gültig ist " +
        "die Version " + inEffect.id + ": ", to(inEffect)];
      document.querySelectorAll(".avv-sign-form").forEach(function (form) { form.remove(); });
    } else if (current.state === "gültig" && successor) {
      parts = ["Sie unterzeichnen hier die gültige Version " + current.id + ". " +
        (successor.offer
          ? "Die angekündigte Version " + successor.id + " ist ein Angebot; sie " +
            effectWords(successor) + ": "
          : "Ab " + germanDate(successor.effective) + " gilt die angekündigte Version " +
            successor.id + ": "),
        to(successor)];
    } else if (current.state === "angekündigt" && inEffect) {
      parts = ["Sie unterzeichnen hier die angekündigte Version " + current.id +
        (current.offer
          ? ", ein Angebot: Mit Ihrer Unterschrift stimmen Sie ihm zu; es gilt frühestens ab " +
            germanDate(current.effective) + ". "
          : ", die ab " + germanDate(current.effective) + " gilt. ") +
        "Bis dahin gilt die Version " + inEffect.id + ": ",
        to(inEffect)];
    }
    advice.hidden = !parts;
    if (!parts) return;
    advice.appendChild(document.createTextNode(parts[0]));
    advice.appendChild(parts[1]);
    advice.appendChild(document.createTextNode("."));
  }

  // The overview's row "Stand": this version's state on the reader's today, and nothing more,
  // for the banner above says what replaces it or what is announced.
  function fillOverview(current, today, inEffect) {
    document.querySelectorAll("tr.avv-state").forEach(function (row) {
      var cell = row.querySelector("td");
      cell.textContent = "";
      var word = element("strong", "avv-state-today", stateWords(current, inEffect));
      word.setAttribute("data-state", current.state);
      cell.appendChild(word);
      cell.appendChild(document.createTextNode(" (am " + germanDate(today) + ")"));
      row.hidden = false;
    });
  }

  // The overview's table of periods, as frozen in the build: each row gets its version's state,
  // the last day of a period that ended since, and the versions published after the build come
  // first, in the order versions.json lists them (newest first).
  function fillPeriods(versions, inEffect) {
    var body = document.querySelector("table.avv-periods tbody");
    if (!body) return;
    var first = body.querySelector("tr[data-version]");
    versions.forEach(function (version) {
      var row = body.querySelector('tr[data-version="' + CSS.escape(version.id) + '"]');
      if (!row) {
        row = periodRow(version);
        body.insertBefore(row, first);
      }
      var until = row.querySelector(".avv-periods-until");
      if (version.until && !until.textContent.trim()) until.textContent = numericDate(version.until);
      var old = row.querySelector(".avv-periods-state");
      if (old) old.remove();
      var state = element("span", "avv-periods-state", " · " + stateWords(version, inEffect));
      state.setAttribute("data-state", version.state);
      row.querySelector(".avv-periods-version").appendChild(state);
    });
  }

  function periodRow(version) {
    var row = element("tr");
    row.setAttribute("data-version", version.id);
    var cells = [["avv-periods-version", "Version"], [null, "Bekanntgabe"],
      [null, "gültig ab"], ["avv-periods-until", "gültig bis"]].map(function (kind) {
      var cell = element("td", kind[0]);
      cell.setAttribute("data-label", kind[1]);
      row.appendChild(cell);
      return cell;
    });
    cells[0].appendChild(link(version, version.id));
    cells[1].textContent = numericDate(version.published);
    cells[2].textContent = numericDate(version.effective);
    return row;
  }

  // "Fassung an einem Tag": the version whose period (written by avv.law.timeline into
  // versions.json) holds the chosen day; its overview. No order is computed here.
  function setUpOnDay(versions) {
    document.querySelectorAll("form.avv-on-day").forEach(function (form) {
      var input = form.querySelector("input[type=date]");
      var message = form.querySelector(".avv-on-day-message");
      form.hidden = false;
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      if (!input.value) input.value = isoToday();
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var day = input.value;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
          message.textContent = "Bitte geben Sie ein Datum ein.";
          return;
        }
        var match = versions.filter(function (v) {
          return v.from <= day && (!v.until || day <= v.until);
        })[0];
        if (!match) {
          var oldest = versions[versions.length - 1];
          message.textContent = "Am " + germanDate(day) + " galt noch keine Version dieser " +
            "Vereinbarung" + (oldest ? ": Die erste gilt ab " + germanDate(oldest.from) + "." : ".");
          return;
        }
        var held = match.textForAll ? find(versions, match.textForAll) : undefined;
        if (held) {
          // Two texts bound that day: say which binds whom, and link both.
          message.textContent = "Am " + germanDate(day) + " galt die Version " + match.id +
            (match.offer ? " (ein Angebot)" : "") + ": ihre Änderungen durch Mitteilung für " +
            "alle Kunden, ihr Text nur für alle, die ihm schriftlich zugestimmt hatten. Für alle " +
            "anderen galt der Text der Version " + held.id + ". ";
          message.appendChild(link(match, "Zur Version " + match.id));
          message.appendChild(document.createTextNode(" · "));
          message.appendChild(link(held, "Zum Text der Version " + held.id));
          return;
        }
        // The answer stays on the page, with the link to the version found.
        message.textContent = "Am " + germanDate(day) + " galt die Version " + match.id + " (" +
          (match.until ? "gültig vom " + germanDate(match.from) + " bis " + germanDate(match.until)
            : "gültig ab " + germanDate(match.from)) + "): ";
        var go = element("a", "avv-version-link", "Zur Version " + match.id);
        go.href = new URL("../" + encodeURIComponent(match.id) + "/", root).href;
        message.appendChild(go);
      });
    });
  }

  // Material renders the version selector itself, from the same versions.json: each entry gets
  // its state and dates, and the version of this page is marked (aria-current and a visible word).
  function decorateSelector(versions, current, inEffect) {
    var label = function (node, version, isLink) {
      if (!version || node.querySelector(".avv-version-selector-state")) return;
      node.appendChild(element("span", "avv-version-selector-state",
        " · " + stateWords(version, inEffect)));
      if (!isLink) return;
      if (version.id === current.id) {
        node.setAttribute("aria-current", "page");
        node.appendChild(document.createTextNode(" "));
        node.appendChild(element("span", "avv-version-selector-here", "diese Version"));
      }
      node.appendChild(element("span", "avv-version-selector-dates",
        "Bekanntgabe " + germanDate(version.published) + " · " + effectWords(version)));
    };
    var decorate = function () {
      document.querySelectorAll(".md-version__link").forEach(function (a) {
        var name = lastFolder(a.href);
        label(a, find(versions, name), true);
      });
      document.querySelectorAll(".md-version__current").forEach(function (button) {
        label(button, current, false);
      });
    };
    decorate();
    if (!observing) {
      observing = true;
      new MutationObserver(decorate).observe(document.body, { childList: true, subtree: true });
      // Before Material's own handler (which leads to the chosen version's overview): the link
      // leads to the same page and clause there.
      document.addEventListener("click", function (event) {
        var a = event.target instanceof Element && event.target.closest(".md-version__link");
        if (!a) return;
        var name = lastFolder(a.href);
        var version = find(versions, name) || find(versions, a.dataset.avvVersion || "");
        if (!version) return;
        a.dataset.avvVersion = version.id;
        if (event.metaKey || event.ctrlKey || event.shiftKey) {
          a.href = hrefIn(version); // a new tab or window: the browser follows the link
          event.stopPropagation();
          return;
        }
        event.preventDefault();
        event.stopPropagation();
        window.location.assign(hrefIn(version));
      }, true);
    }
  }
  var observing = false;

  var loaded = fetch(new URL("../versions.json", root))
    .then(function (response) { return response.ok ? response.json() : []; })
    .catch(function () { return []; });

  // A version's id ("2023-05-02") is one word: in a heading it does not break at its hyphens.
  function keepIdsWhole() {
    document.querySelectorAll("article h1, article h2").forEach(function (heading) {
      var walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
      var texts = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      texts.forEach(function (text) {
        var parts = text.nodeValue.split(/(\d{4}-\d{2}-\d{2})/);
        if (parts.length < 2 || text.parentNode.classList.contains("avv-nowrap")) return;
        var fragment = document.createDocumentFragment();
        parts.forEach(function (part, i) {
          fragment.appendChild(i % 2 ? element("span", "avv-nowrap", part) :
            document.createTextNode(part));
        });
        text.parentNode.replaceChild(fragment, text);
      });
    });
  }

  function render() {
    keepIdsWhole();
    loaded.then(function (entries) {
      var today = isoToday();
      var versions = withStates(entries, today);
      var current = find(versions, folder);
      if (!current) return;
      var inEffect = versions.filter(function (v) { return v.state === "gültig"; })[0];
      var next = current.successor ? find(versions, current.successor) : undefined;
      var successor = current.state === "gültig" && next && next.state === "angekündigt"
        ? next : undefined;
      var parts = banner(current, inEffect, successor, next, versions);
      // The banners of a superseded version and of one with an announced successor name it.
      showPeriod(current, Boolean(parts) && current.state !== "angekündigt",
        textKept(current, inEffect));
      showBanner(parts);
      fillOverview(current, today, inEffect);
      adviseSigning(current, inEffect, successor);
      document.documentElement.setAttribute("data-avv-state", current.state);
      if (textKept(current, inEffect)) {
        document.documentElement.setAttribute("data-avv-text", "gilt-weiter");
      } else {
        document.documentElement.removeAttribute("data-avv-text");
      }
      decorateSelector(versions, current, inEffect);
      fillPeriods(versions, inEffect);
      setUpOnDay(versions);
    });
  }

  // Material's document$ emits on every page, also with instant navigation.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(render);
  } else {
    document.addEventListener("DOMContentLoaded", render);
  }
})();
