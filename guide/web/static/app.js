// The page works without this script (the form posts and downloads); with it,
// the preview follows the form and each problem appears beside its field.
"use strict";
(function () {
  const form = document.getElementById("pamphlet");
  if (!form) return;
  const pages = document.getElementById("pages");
  const status = document.getElementById("preview-status");
  const warnings = document.getElementById("warnings");
  const message = document.getElementById("preview-message");
  const choice = document.getElementById("preview-choice");
  const select = document.getElementById("preview-select");
  const region = document.getElementById("region");
  let timer = null, running = null, again = false;

  function clearProblems() {
    for (const box of form.querySelectorAll(".problems")) box.replaceChildren();
  }

  function showProblems(errors) {
    for (const [name, list] of Object.entries(errors)) {
      const box = document.getElementById("problems-" + name) || message;
      for (const text of list) {
        const p = document.createElement("p");
        p.textContent = text;
        box.append(p);
      }
    }
  }

  function showList(list) {
    warnings.replaceChildren(...(list || []).map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
  }

  function showChoices(names, shown) {
    select.hidden = names.length < 2;
    select.replaceChildren(...names.map((name) => {
      const option = document.createElement("option");
      option.value = name;
      option.textContent = name;
      option.selected = name + ".pdf" === shown;
      return option;
    }));
  }

  async function preview() {
    if (running) { again = true; return; }
    again = false;
    running = new AbortController();
    status.textContent = status.dataset.working;
    form.setAttribute("aria-busy", "true");
    try {
      const response = await fetch("/preview" + location.search, {
        method: "POST", body: new FormData(form), signal: running.signal,
        credentials: "same-origin",
      });
      const body = await response.json().catch(() => ({}));
      clearProblems();
      message.replaceChildren();
      showList(body.warnings);
      if (response.ok) {
        pages.replaceChildren(...body.pages.map((src, index) => {
          const img = document.createElement("img");
          img.src = src;
          img.alt = body.title + " " + (index + 1);
          img.className = "page";
          return img;
        }));
        showChoices(body.choices || [], body.title);
        status.textContent = body.title;
        pages.dataset.ready = "true";
      } else {
        pages.dataset.ready = "false";
        pages.replaceChildren();  // never show pages the form no longer makes
        if (body.errors) {
          showProblems(body.errors);
          status.textContent = status.dataset.fix;
        } else {
          status.textContent = "";
          message.textContent = body.message || status.dataset.failed;
        }
      }
    } catch (error) {
      status.textContent = status.dataset.failed;
    } finally {
      running = null;
      form.removeAttribute("aria-busy");
      if (again) preview();
    }
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(preview, 700);
  }

  function showNotesFor() {
    const chosen = new Set([...form.querySelectorAll('input[name="locale"]:checked')]
      .map((box) => box.value));
    for (const field of form.querySelectorAll(".note-field")) {
      const text = field.querySelector("textarea");
      field.hidden = !chosen.has(field.dataset.language) && !text.value;
    }
    const shop = form.querySelector('input[name="profile"][value="print-shop"]');
    document.getElementById("icc-box").hidden = !(shop && shop.checked);
  }

  region.addEventListener("change", () => {
    // A new region: tick its own languages, as the command line would build.
    const own = JSON.parse(region.dataset.languages)[region.value] || [];
    const boxes = [...form.querySelectorAll('input[name="locale"]')];
    if (boxes.some((box) => own.includes(box.value))) {
      for (const box of boxes) box.checked = own.includes(box.value);
    }
    showNotesFor();
  });
  select.addEventListener("change", () => { choice.value = select.value; preview(); });
  form.addEventListener("input", soon);
  form.addEventListener("change", () => { showNotesFor(); soon(); });
  document.getElementById("refresh").addEventListener("click", preview);
  showNotesFor();
  preview();
})();
