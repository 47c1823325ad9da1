// Progressive enhancement of the list pages; everything works without it.
// - Filters apply as soon as they change: the results are fetched and swapped in place,
//   and the address follows, so it can still be shared or bookmarked.
// - The organisation filter gets an autocomplete.
(function () {
  "use strict";

  function formAddress(form) {
    const params = new URLSearchParams(new FormData(form));
    for (const [name, value] of [...params.entries()]) {
      if (value === "") params.delete(name, value);
    }
    const query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  async function show(address, focusSelector) {
    const layout = document.getElementById("list-layout");
    layout.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(address, { headers: { "X-Requested-With": "fetch" } });
      if (!response.ok) throw new Error(response.status);
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      layout.replaceWith(page.getElementById("list-layout"));
      document.title = page.title;
      if (focusSelector) document.querySelector(focusSelector)?.focus();
    } catch (error) {
      window.location.assign(address);
    }
  }

  document.addEventListener("change", function (event) {
    const form = event.target.closest("form[data-autosubmit]");
    if (!form || event.target.id === "organisation-search" || event.target.type === "search") return;
    const address = formAddress(form);
    const selector = event.target.name && event.target.value
      ? `[name="${CSS.escape(event.target.name)}"][value="${CSS.escape(event.target.value)}"]`
      : `#${CSS.escape(event.target.id)}`;
    history.pushState({}, "", address);
    show(address, selector);
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest("#list-layout a.chip, #list-layout a.clear-all, #list-layout .pagination a");
    if (!link) return;
    event.preventDefault();
    history.pushState({}, "", link.href);
    show(link.href, "#results");
  });

  window.addEventListener("popstate", function () {
    if (document.getElementById("list-layout")) show(window.location.href);
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

  function enhance() {
    document.querySelectorAll(".autocomplete[hidden]").forEach(function (box) { box.hidden = false; });
  }
  enhance();
  new MutationObserver(enhance).observe(document.body, { childList: true, subtree: true });
})();
