// Progressive enhancement of the list pages; everything works without it.
// - Filters apply as soon as they change: the results are fetched and swapped in place,
//   and the address follows, so it can still be shared or bookmarked.
// - On phones (below 60rem) the filters are a drawer, opened by a button: a modal dialog whose
//   choices apply together with its own button, to spare slow connections a page per tick.
// - The organisation filter gets an autocomplete.
(function () {
  "use strict";

  document.documentElement.classList.add("enhanced");
  const wide = window.matchMedia("(min-width: 60rem)");

  function formAddress(form) {
    const params = new URLSearchParams(new FormData(form));
    for (const [name, value] of [...params.entries()]) {
      if (value === "") params.delete(name, value);
    }
    const query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  // Updates in flight: an answer that arrives after a newer one was asked for is stale, and dropped.
  let latestUpdate = 0;

  // The list's address without its fragment: following an anchor (the skip link) fires popstate too,
  // and must not fetch the list again under the reader's focus.
  function listAddress() {
    return window.location.pathname + window.location.search;
  }
  let shownAddress = listAddress();

  function go(address) {
    history.pushState({}, "", address);
    shownAddress = listAddress();
  }

  async function show(address, focusSelector) {
    const update = ++latestUpdate;
    document.getElementById("list-layout").setAttribute("aria-busy", "true");
    try {
      const response = await fetch(address, { headers: { "X-Requested-With": "fetch" } });
      // A 400 is the whole page, with a message on the filters it could not use.
      if (!response.ok && response.status !== 400) throw new Error(response.status);
      const text = await response.text();
      if (update !== latestUpdate) return;
      const page = new DOMParser().parseFromString(text, "text/html");
      const fresh = page.getElementById("list-layout");
      if (!fresh) throw new Error(response.status);  // an error page without a list: load it whole
      document.getElementById("list-layout").replaceWith(fresh);  // the one shown now, an earlier update's or not
      document.title = page.title;
      // Links outside the list that carry its address: the language links keep the filters.
      document.querySelectorAll("[data-follows-address]").forEach(function (element) {
        const fresh = page.getElementById(element.id);
        if (fresh) element.replaceWith(fresh);
      });
      if (focusSelector) document.querySelector(focusSelector)?.focus();
    } catch (error) {
      if (update === latestUpdate) window.location.assign(address);
    }
  }

  document.addEventListener("change", function (event) {
    // The form the field belongs to, which it may sit outside of (the sort order, form="filters").
    const form = event.target.form?.matches("[data-autosubmit]") ? event.target.form : null;
    if (!form || event.target.id === "organisation-search" || event.target.type === "search") return;
    if (isOpen()) return;
    const address = formAddress(form);
    // Focus returns to the box just ticked (found by its value), or to the field by its id (the sort order).
    const box = event.target.type === "checkbox" || event.target.type === "radio";
    const selector = box && event.target.name
      ? `[name="${CSS.escape(event.target.name)}"][value="${CSS.escape(event.target.value)}"]`
      : `#${CSS.escape(event.target.id)}`;
    go(address);
    show(address, selector);
  });

  // A submitted filter form leads to the same address as the live updates: without its empty fields.
  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-autosubmit]");
    if (!form) return;
    event.preventDefault();
    window.location.assign(formAddress(form));
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest("#list-layout a.chip, #list-layout a.clear-all, #list-layout .pagination a");
    if (!link) return;
    event.preventDefault();
    go(link.href);
    show(link.href, "#results .result-count");
  });

  window.addEventListener("popstate", function () {
    if (!document.getElementById("list-layout") || listAddress() === shownAddress) return;
    shownAddress = listAddress();
    show(window.location.href);
  });

  // The filters drawer. While it is open, the rest of the page is inert.
  let inertElements = [];

  function isOpen() {
    return Boolean(document.querySelector(".filters-panel.open"));
  }

  function openDrawer(toggle) {
    const panel = document.getElementById(toggle.getAttribute("aria-controls"));
    panel.classList.add("open");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    panel.setAttribute("aria-labelledby", "filters-title");
    toggle.setAttribute("aria-expanded", "true");
    document.body.classList.add("drawer-open");
    inertElements = [];
    for (let node = panel; node.parentElement && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement.children) {
        if (sibling !== node && !sibling.inert && sibling.tagName !== "SCRIPT") {
          sibling.inert = true;
          inertElements.push(sibling);
        }
      }
    }
    panel.querySelector(".drawer-close").focus();
  }

  function closeDrawer(discard) {
    const panel = document.querySelector(".filters-panel.open");
    if (!panel) return;
    if (discard) panel.querySelector("form").reset();
    panel.classList.remove("open");
    ["role", "aria-modal", "aria-labelledby"].forEach(function (name) { panel.removeAttribute(name); });
    inertElements.forEach(function (element) { element.inert = false; });
    inertElements = [];
    document.body.classList.remove("drawer-open");
    const toggle = document.querySelector(`.filters-toggle[aria-controls="${panel.id}"]`);
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }

  document.addEventListener("click", function (event) {
    const toggle = event.target.closest(".filters-toggle");
    if (toggle) openDrawer(toggle);
    else if (event.target.closest(".drawer-close")) closeDrawer(true);
    else if (isOpen() && !event.target.closest(".filters-panel")) closeDrawer(true);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && isOpen()) closeDrawer(true);
  });

  wide.addEventListener("change", function () {
    if (wide.matches) closeDrawer(false);
  });

  // Organisation autocomplete: suggestions from the server, a choice adds the filter.
  let timer;
  document.addEventListener("input", function (event) {
    if (event.target.id !== "organisation-search") return;
    clearTimeout(timer);
    timer = setTimeout(async function () {
      const box = event.target.closest(".autocomplete");
      const list = box.querySelector(".suggestions");
      const response = await fetch(box.dataset.autocomplete + "?q=" + encodeURIComponent(event.target.value));
      const { results } = await response.json();
      list.replaceChildren(...results.map(function (organisation) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "suggestion";
        button.dataset.id = organisation.id;
        button.textContent = organisation.name;
        item.append(button);
        return item;
      }));
    }, 200);
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.suggestion");
    if (!button) return;
    const form = button.closest("form");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "organisation";
    input.value = button.dataset.id;
    form.append(input);
    form.requestSubmit();
  });

  // A long list narrowed as you type, letters matched without regard to accents or case ("senegal"
  // finds Sénégal); ticked boxes always stay in view.
  function folded(text) {
    return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  }

  document.addEventListener("input", function (event) {
    const list = event.target.dataset.narrows && document.getElementById(event.target.dataset.narrows);
    if (!list) return;
    const words = folded(event.target.value.trim());
    for (const item of list.children) {
      const checked = item.querySelector("input:checked");
      item.hidden = !checked && !folded(item.textContent).includes(words);
    }
  });

  // On a phone the map above a list folds away, once for each map drawn, so that the results come first.
  function foldMaps() {
    if (wide.matches) return;
    document.querySelectorAll("details.map-fold:not([data-folded])").forEach(function (details) {
      details.open = false;
      details.dataset.folded = "";
    });
  }

  function enhance() {
    foldMaps();
    document.querySelectorAll(
      ".autocomplete[hidden], .facet-search[hidden], .filters-toggle[hidden], .drawer-close[hidden]"
    ).forEach(function (element) { element.hidden = false; });
  }
  enhance();
  new MutationObserver(enhance).observe(document.body, { childList: true, subtree: true });
})();
