// German as Austrians write it, for the scripts of the site and of the notices index: the browser's
// half of avv/german.py. Dates as "4. Jänner 2027" (Intl's de-AT, the same CLDR data as Babel's
// de_AT), "04.01.2027" and "4.1.2027", and today as the day it is in Vienna, where the agreement's
// dates are counted. Loaded before every other script; they read it as window.avvDates.
(function () {
  "use strict";

  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
  var LONG = new Intl.DateTimeFormat("de-AT", {
    day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
  });
  var VIENNA = new Intl.DateTimeFormat("en", {
    year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/Vienna",
  });

  window.avvDates = {
    // Today in Vienna as YYYY-MM-DD, the form in which the site's files give every date.
    isoToday: function () {
      var day = {};
      VIENNA.formatToParts(new Date()).forEach(function (part) { day[part.type] = part.value; });
      return day.year + "-" + day.month + "-" + day.day;
    },
    // "4. Jänner 2027"; anything that is not a day is returned as it is.
    germanDate: function (iso) {
      return ISO.test(iso) ? LONG.format(new Date(iso + "T00:00:00Z")) : iso;
    },
    // "04.01.2027", as avv.german.format_numeric_date writes the table of periods.
    numericDate: function (iso) {
      var parts = ISO.exec(iso);
      return parts ? parts[3] + "." + parts[2] + "." + parts[1] : iso;
    },
    // From when a version binds, as avv.notices.notice.effect_words says it: an offer with the
    // customer's written consent, never before its day "gültig ab".
    effect: function (iso, offer) {
      return (offer ? "gilt mit Ihrer schriftlichen Zustimmung, frühestens ab " : "gültig ab ") +
        window.avvDates.germanDate(iso);
    },
    // A version's state in words, as avv.published.root_pages.state_words says it: an offer binds
    // only with written consent; a superseded text may still bind everyone who did not agree.
    stateWords: function (state, offer, kept) {
      if (kept) return state + ", Text gilt weiter ohne Zustimmung";
      if (offer && state === "gültig") return "Angebot, gilt mit Zustimmung";
      if (offer && state === "angekündigt") return "angekündigt, Angebot";
      return state;
    },
    // "4.1.2027", as the version bar says it on a phone.
    shortDate: function (iso) {
      var parts = ISO.exec(iso);
      return parts ? Number(parts[3]) + "." + Number(parts[2]) + "." + parts[1] : iso;
    },
  };
})();
