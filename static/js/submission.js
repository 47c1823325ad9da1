// The guided form saves the draft by itself a few seconds after each change, and says what is still
// missing. Without JavaScript, the "Save the draft" button does the same. An image is sent only by the
// buttons: a large file is not uploaded again and again.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  if (!form) return;
  const status = form.querySelector(".autosave-status");
  let timer = null;
  let running = false;
  let again = false;

  function save() {
    if (running) { again = true; return; }
    running = true;
    const data = new FormData(form);
    data.delete("image");
    data.delete("remove_image");
    fetch(form.action || window.location.href, {
      method: "POST",
      body: data,
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        status.textContent = result.ok ? status.dataset.saved : status.dataset.failed;
        if (result.ok) showMissing(result.body.missing);
      })
      .catch(function () { status.textContent = status.dataset.failed; })
      .finally(function () {
        running = false;
        if (again) { again = false; schedule(); }
      });
  }

  function showMissing(needs) {
    const current = document.getElementById("missing-list");
    if (!current || !Array.isArray(needs)) return;
    if (!needs.length) return; // the page says "nothing is missing" once reloaded; keep the list until then
    const list = document.createElement("ul");
    list.id = "missing-list";
    needs.forEach(function (need) {
      const item = document.createElement("li");
      item.textContent = need;
      list.append(item);
    });
    current.replaceWith(list);
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, 2000);
  }

  form.addEventListener("input", function (event) {
    if (event.target.type !== "file") schedule();
  });
  form.addEventListener("change", function (event) {
    if (event.target.type !== "file") schedule();
  });
})();
