/* A notice's printable declarations (templates/site/declarations.j2): one form for each part.
 *
 * Every entry goes into its declaration's sheet as text (textContent, never markup), the date as
 * "6. März 2026". Printing marks the one declaration to print (html[data-avv-printing] and the
 * section's data-printing), so the stylesheet prints that sheet alone, on one page, and never the
 * others: a consent and an objection stay separate declarations. The messages of a missing field
 * are the template's, in German, shown beside the field (the browser's own are not used). Nothing
 * is sent or stored. Without JavaScript the forms stay hidden and each sheet prints as a blank.
 */
(function () {
  "use strict";

  // "1. Dezember 2026": javascripts/german.js, loaded before this script.
  var germanDate = window.avvDates.germanDate;

  function fillIn(section) {
    section.querySelectorAll("[data-fill]").forEach(function (slot) {
      if (slot.dataset.blank === undefined) slot.dataset.blank = slot.textContent;
      var input = section.querySelector('[data-key="' + slot.dataset.fill + '"]');
      var value = input ? input.value.trim() : "";
      if (value && input.type === "date") value = germanDate(value);
      slot.textContent = value || slot.dataset.blank;
    });
  }

  function check(input) {
    var error = document.getElementById(input.getAttribute("aria-describedby") || "");
    var missing = input.required && !input.value.trim();
    if (missing) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    if (error) {
      error.textContent = missing ? input.dataset.missing : "";
      error.hidden = !missing;
    }
    return !missing;
  }

  function printing(section) {
    document.querySelectorAll(".avv-declaration[data-printing]").forEach(function (other) {
      other.removeAttribute("data-printing");
    });
    if (section) {
      section.setAttribute("data-printing", "");
      document.documentElement.setAttribute("data-avv-printing", section.id);
    } else {
      document.documentElement.removeAttribute("data-avv-printing");
    }
  }

  function setUp(section) {
    if (section.dataset.ready) return;
    section.dataset.ready = "1";
    var form = section.querySelector("form.avv-declaration-form");
    var status = section.querySelector(".avv-declaration-status");
    if (!form) return;
    form.addEventListener("input", function (event) {
      if (event.target.hasAttribute("aria-invalid")) check(event.target);
      fillIn(section);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fillIn(section);
      var invalid = Array.prototype.filter.call(form.querySelectorAll("[data-key]"), function (input) {
        return !check(input);
      });
      if (invalid.length) {
        status.textContent = "Bitte ergänzen Sie die markierten Felder.";
        invalid[0].focus();
        return;
      }
      status.textContent = "";
      printing(section);
      window.print();
    });
    section.querySelectorAll(".avv-declaration-link").forEach(function (node) { node.hidden = true; });
    form.hidden = false;
    fillIn(section);
  }

  function init() {
    document.querySelectorAll(".avv-declaration-nojs").forEach(function (node) { node.hidden = true; });
    document.querySelectorAll(".avv-declaration").forEach(setUp);
  }

  window.addEventListener("afterprint", function () { printing(null); });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
