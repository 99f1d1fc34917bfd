/* unterzeichnen/: the customer fills in the blanks of the agreement and prints it to sign.
 *
 * The form holds exactly the blanks the model marks as the customer's (avv.documents.blanks); each input
 * carries its key and no name, so nothing could be submitted. Every entry goes into the document
 * below the form as text (textContent, never markup) and the browser's print makes the PDF; the
 * version, its hash and the day it takes effect are in every printed page's footer. Nothing is
 * sent anywhere, and nothing is stored unless the customer ticks "Eingaben in diesem Browser
 * merken" (localStorage, removed again when unticked). Without JavaScript the form stays hidden
 * and the page explains how to fill in the blank PDF instead.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "avv-unterzeichnen";
  var BLANK_LINE = ".....";

  /* Where each blank sits in the document: the same places as avv.documents.sign_copy.SLOTS. */
  var SLOTS = {
    auftraggeber: ".avv-auftraggeber .avv-fill",
    weisungsberechtigte: ".avv-weisungsberechtigte .avv-fill",
    unterschrift: "#unterschriften .avv-signature:nth-of-type(2)"
  };

  // "1. Dezember 2026": javascripts/german.js, loaded before this script.
  var germanDate = window.avvDates.germanDate;

  function cssString(text) {
    return '"' + String(text).replace(/[\\"]/g, "\\$&").replace(/[\r\n]+/g, " ") + '"';
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The fields of a blank, as the form describes them. */
  function fieldsOf(group) {
    return Array.prototype.map.call(group.querySelectorAll("[data-key]"), function (input) {
      var label = group.querySelector('label[for="' + input.id + '"]');
      return {
        key: input.dataset.key,
        label: input.dataset.label || (label ? label.textContent.trim() : input.dataset.key),
        joinsPrevious: input.hasAttribute("data-joins-previous")
      };
    });
  }

  function recordOf(group) {
    var record = {};
    group.querySelectorAll("[data-key]").forEach(function (input) {
      var value = input.value.trim();
      if (value) record[input.dataset.key] = value;
    });
    return record;
  }

  function isEmpty(record) {
    return Object.keys(record).length === 0;
  }

  /* The writers: the same output as avv.documents.sign_copy for the CLI's PDF. */
  function lines(original, fields, records) {
    var values = [];
    fields.forEach(function (field) {
      var value = records[0][field.key];
      if (!value) return;
      if (field.joinsPrevious && values.length) values[values.length - 1] += " " + value;
      else values.push(value);
    });
    var node = element("p", "avv-filled");
    values.forEach(function (value, index) {
      if (index) node.appendChild(document.createElement("br"));
      node.appendChild(document.createTextNode(value));
    });
    return node;
  }

  function table(original, fields, records, hint, title) {
    /* On a narrow screen the table scrolls in its wrapper, a named region that takes the focus. */
    var wrapper = element("div", "avv-table-wrapper");
    wrapper.setAttribute("role", "region");
    wrapper.setAttribute("tabindex", "0");
    wrapper.setAttribute("aria-label", title);
    var node = wrapper.appendChild(element("table", "avv-table avv-filled-table"));
    var head = node.appendChild(document.createElement("thead")).appendChild(element("tr"));
    fields.forEach(function (field) {
      var cell = head.appendChild(element("th", "", field.label));
      cell.scope = "col";
    });
    var body = node.appendChild(document.createElement("tbody"));
    records.forEach(function (record) {
      var row = body.appendChild(element("tr"));
      fields.forEach(function (field) {
        row.appendChild(element("td", "", record[field.key] || ""));
      });
    });
    return wrapper;
  }

  function signature(original, fields, records, hint) {
    var node = original.cloneNode(true);
    var blanks = node.querySelectorAll(".avv-blank");
    if (blanks.length < 2) return node;
    var record = records[0];
    var place = record.ort || "";
    var day = record.datum || "";
    if (place || day) {
      blanks[0].textContent = (place || BLANK_LINE) + ", am " + (day ? germanDate(day) : BLANK_LINE);
      blanks[0].className = "avv-filled-line";
    }
    var names = fields
      .filter(function (field) { return field.key !== "ort" && field.key !== "datum"; })
      .map(function (field) { return record[field.key] || ""; })
      .filter(Boolean)
      .join(", ");
    var line = blanks[1];
    var paragraph = line.parentNode;
    line.textContent = "\u00a0";
    while (paragraph.lastChild && paragraph.lastChild !== line) paragraph.removeChild(paragraph.lastChild);
    while (paragraph.firstChild && paragraph.firstChild !== line) paragraph.removeChild(paragraph.firstChild);
    paragraph.appendChild(document.createElement("br"));
    paragraph.appendChild(element("span", "avv-signatory-name", hint ? hint + ": " + names : names));
    return node;
  }

  var WRITERS = { auftraggeber: lines, weisungsberechtigte: table, unterschrift: signature };

  function setUp(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var form = root.querySelector("form.avv-sign-form");
    var documentPart = root.querySelector(".avv-sign-document");
    var remember = root.querySelector("#avv-sign-remember");
    var status = root.querySelector(".avv-sign-status");
    if (!form || !documentPart) return;

    /* Each blank's place in the document, and what stood there before anything was filled in. */
    var slots = {};
    form.querySelectorAll("fieldset[data-blank]").forEach(function (group) {
      var id = group.dataset.blank;
      var slot = SLOTS[id] && documentPart.querySelector(SLOTS[id]);
      var legend = group.querySelector("legend");
      if (slot) {
        slots[id] = {
          current: slot,
          original: slot.cloneNode(true),
          group: group,
          title: legend ? legend.textContent.trim() : id
        };
      }
    });

    function entriesOf(group) {
      if (!group.hasAttribute("data-repeated")) return [recordOf(group)];
      return Array.prototype.map.call(group.querySelectorAll(".avv-sign-entry"), recordOf);
    }

    function entries() {
      var all = {};
      Object.keys(slots).forEach(function (id) { all[id] = entriesOf(slots[id].group); });
      return all;
    }

    function render() {
      var all = entries();
      Object.keys(slots).forEach(function (id) {
        var slot = slots[id];
        var records = all[id].filter(function (record) { return !isEmpty(record); });
        var fields = fieldsOf(slot.group.querySelector(".avv-sign-entry") || slot.group);
        var next = records.length
          ? WRITERS[id](slot.original, fields, records, slot.group.dataset.hint || "", slot.title)
          : slot.original.cloneNode(true);
        slot.current.replaceWith(next);
        slot.current = next;
      });
      if (remember && remember.checked) store(all);
    }

    function store(all) {
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
      } catch (error) {
        status.textContent = "Die Eingaben konnten in diesem Browser nicht gespeichert werden.";
      }
    }

    function forget() {
      try {
        window.localStorage.removeItem(STORAGE_KEY);
      } catch (error) { /* nothing was stored */ }
    }

    function stored() {
      try {
        var text = window.localStorage.getItem(STORAGE_KEY);
        var value = text ? JSON.parse(text) : null;
        return value && typeof value === "object" ? value : null;
      } catch (error) {
        return null;
      }
    }

    /* Entries of a repeated blank (the authorised persons): one fieldset each, from a template. */
    function addEntry(group, record) {
      var template = group.querySelector("template");
      var list = group.querySelector(".avv-sign-entries");
      var number = list.children.length + 1;
      var entry = template.content.firstElementChild.cloneNode(true);
      entry.querySelectorAll("[id]").forEach(function (node) {
        node.id = node.id.replace("-0-", "-" + number + "-");
      });
      entry.querySelectorAll("label[for]").forEach(function (label) {
        label.htmlFor = label.htmlFor.replace("-0-", "-" + number + "-");
      });
      entry.querySelector(".avv-sign-entry-number").textContent = String(number);
      entry.querySelectorAll("[data-key]").forEach(function (input) {
        var value = record && record[input.dataset.key];
        if (typeof value === "string") input.value = value;
      });
      var remove = entry.querySelector("[data-action=remove]");
      remove.hidden = number === 1;
      remove.addEventListener("click", function () {
        entry.remove();
        renumber(group);
        render();
      });
      list.appendChild(entry);
      return entry;
    }

    function renumber(group) {
      group.querySelectorAll(".avv-sign-entry").forEach(function (entry, index) {
        entry.querySelector(".avv-sign-entry-number").textContent = String(index + 1);
      });
    }

    form.querySelectorAll("fieldset[data-repeated]").forEach(function (group) {
      group.querySelector("[data-action=add]").addEventListener("click", function () {
        var entry = addEntry(group);
        entry.querySelector("[data-key]").focus();
        render();
      });
    });

    function restore(saved) {
      Object.keys(slots).forEach(function (id) {
        var group = slots[id].group;
        var records = Array.isArray(saved[id]) ? saved[id] : [];
        if (group.hasAttribute("data-repeated")) {
          records.forEach(function (record) { addEntry(group, record); });
          return;
        }
        group.querySelectorAll("[data-key]").forEach(function (input) {
          var value = records[0] && records[0][input.dataset.key];
          if (typeof value === "string") input.value = value;
        });
      });
    }

    var saved = stored();
    if (saved) {
      restore(saved);
      if (remember) remember.checked = true;
    }
    form.querySelectorAll("fieldset[data-repeated]").forEach(function (group) {
      if (!group.querySelector(".avv-sign-entry")) addEntry(group);
    });

    // The browser's own messages are in its language and name no field: each input says in
    // German what it lacks, and the status tells a missing entry from one of a wrong format.
    function problem(input) {
      var v = input.validity;
      var label = input.dataset.label || "dieses Feld";
      if (v.valueMissing) return "Bitte füllen Sie „" + label + "“ aus.";
      if (input.type === "email" && (v.typeMismatch || v.patternMismatch)) {
        return "Bitte geben Sie bei „" + label + "“ eine E-Mail-Adresse ein, z. B. name@firma.at.";
      }
      if (input.type === "tel" && v.patternMismatch) {
        return "Bitte geben Sie bei „" + label + "“ eine Telefonnummer aus Ziffern ein, " +
          "z. B. +43 316 123456.";
      }
      if (input.type === "date" && (v.badInput || v.typeMismatch)) {
        return "Bitte geben Sie bei „" + label + "“ ein Datum ein.";
      }
      if (v.tooLong) return "„" + label + "“ ist zu lang.";
      return v.valid ? "" : "Bitte prüfen Sie „" + label + "“.";
    }

    function mark(input) {
      input.setCustomValidity("");
      var message = problem(input);
      input.setCustomValidity(message);
      if (!message) input.removeAttribute("aria-invalid");
      else input.setAttribute("aria-invalid", "true");
      return message ? (input.validity.valueMissing ? "missing" : "format") : "";
    }

    form.addEventListener("input", function (event) {
      if (event.target.hasAttribute && event.target.hasAttribute("aria-invalid")) mark(event.target);
      render();
    });
    form.addEventListener("change", render);
    if (remember) {
      remember.addEventListener("change", function () {
        if (remember.checked) {
          store(entries());
          status.textContent = "Ihre Eingaben bleiben in diesem Browser gespeichert.";
        } else {
          forget();
          status.textContent = "Gespeicherte Eingaben wurden aus diesem Browser gelöscht.";
        }
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      render();
      var kinds = Array.prototype.map.call(form.querySelectorAll("[data-key]"), mark);
      if (!form.reportValidity()) {
        status.textContent = [
          kinds.indexOf("missing") !== -1 ? "Bitte ergänzen Sie die markierten Pflichtfelder." : "",
          kinds.indexOf("format") !== -1 ? "Bitte berichtigen Sie die markierten Eingaben." : "",
        ].filter(Boolean).join(" ");
        return;
      }
      status.textContent = "";
      window.print();
    });
    window.addEventListener("beforeprint", render);

    var footer = document.createElement("style");
    footer.textContent = "@page { @bottom-left { content: " + cssString(root.dataset.footer || "") +
      "; } }";
    document.head.appendChild(footer);

    root.querySelectorAll(".avv-sign-nojs").forEach(function (node) { node.hidden = true; });
    form.hidden = false;
    render();
  }

  function init() {
    document.querySelectorAll(".avv-sign").forEach(setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
