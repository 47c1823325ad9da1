// The record's change form in the admin (templates/admin/record_change_form.html), once
// django-modeltranslation has drawn its language tabs:
// - every group of tabs opens on the record's original language (the "original language" select) and
//   follows it when it changes; on a form sent back with errors, a group showing an error stays put;
// - beside each group of the record's own texts, a note (role="status") says when the original
//   language's tab is empty while another has text, or, on a new record, that text was typed in
//   another language's tab;
// - on a new record, the slug follows the title in the original language until it is typed by hand.
(function () {
  "use strict";

  const $ = window.django && window.django.jQuery;
  if (!$) return;

  $(function () {
    const settings = document.getElementById("record-language-tabs");
    const language = document.getElementById("id_language");
    if (!settings || !language) return;
    const adding = settings.hasAttribute("data-adding");

    function languageName(code) {
      const option = Array.from(language.options).find((option) => option.value === code);
      return option ? option.textContent.trim() : code;
    }

    function say(template, values) {
      return template.replace(/%\((\w+)\)s/g, (placeholder, name) => values[name] ?? placeholder);
    }

    // A group's tabs are named by their language codes ("en", "pt-br"), its fields by classes
    // "mt-field-<field>-<code>".
    function tabIndex(group, code) {
      return $(group)
        .find("> .ui-tabs-nav > li > a")
        .toArray()
        .findIndex((tab) => tab.textContent.trim().replace("-", "_") === code);
    }

    function openTabs(code, keepErrors) {
      $(".ui-tabs").each(function () {
        const index = tabIndex(this, code);
        if (index < 0 || (keepErrors && $(this).find("> .ui-tabs-nav > li.ui-tab-has-errors").length)) return;
        $(this).tabs("option", "active", index);
      });
      // Rows added later open on the main switch's language.
      const mainSwitch = document.getElementById("modeltranslation-main-switch");
      const option = mainSwitch && Array.from(mainSwitch.options).find((option) => option.textContent === code);
      if (option) mainSwitch.value = option.value;
    }

    function fieldsByLanguage(group) {
      const fields = {};
      $(group)
        .find(".mt")
        .filter("input, textarea")
        .each(function () {
          const name = Array.from(this.classList).find((name) => name.startsWith("mt-field-"));
          if (name) fields[name.slice(name.lastIndexOf("-") + 1)] = this;
        });
      return fields;
    }

    function warning(fields) {
      const original = language.value;
      if (!original || !(original in fields)) return "";
      const others = Object.keys(fields).filter((code) => code !== original && fields[code].value.trim());
      if (!others.length) return "";
      const values = { original: languageName(original), tab: others.map(languageName).join(", ") };
      if (!fields[original].value.trim()) return say(settings.dataset.originalEmpty, values);
      return adding ? say(settings.dataset.typedElsewhere, values) : "";
    }

    // The record's own texts: the groups outside the inlines.
    const groups = $(".ui-tabs")
      .filter(function () {
        return !$(this).closest(".inline-group").length;
      })
      .toArray()
      .map(function (group) {
        const note = document.createElement("p");
        note.className = "language-warning";
        note.setAttribute("role", "status");
        $(group).find("> .ui-tabs-nav").after(note);
        const fields = fieldsByLanguage(group);
        const check = () => {
          const text = warning(fields);
          if (note.textContent !== text) note.textContent = text;
        };
        Object.values(fields).forEach((field) => field.addEventListener("input", check));
        check();
        return check;
      });

    const slug = document.getElementById("id_slug");
    const titles = Array.from(document.querySelectorAll("input[id^='id_title_']"));
    function slugFromTitle() {
      const title = titles.find((field) => field.id === "id_title_" + language.value);
      // No language chosen yet: the first title typed.
      const text = language.value ? (title ? title.value : "") : (titles.find((field) => field.value) || {}).value;
      return window.URLify(text || "", slug.maxLength > 0 ? slug.maxLength : 50, false);
    }
    // A slug that is not the title's was typed by hand (or saved): it is left alone, unless emptied.
    let slugByHand = !adding || !slug || !window.URLify || (slug.value !== "" && slug.value !== slugFromTitle());
    function followTitle() {
      if (!slugByHand) slug.value = slugFromTitle();
    }
    if (adding && slug && window.URLify) {
      slug.addEventListener("input", () => {
        slugByHand = slug.value !== "";
      });
      titles.forEach((title) => title.addEventListener("input", followTitle));
    }

    openTabs(language.value, true);
    language.addEventListener("change", () => {
      openTabs(language.value, false);
      groups.forEach((check) => check());
      followTitle();
    });
  });
})();
