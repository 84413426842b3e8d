// The page: three views behind the URL's hash (#matrix, #diff, #preview), each drawn the first
// time it is shown. Every view builds its DOM from text nodes; nothing is parsed as markup.
import { showMatrix } from "./matrix.js";
import { showDiff } from "./diff.js";
import { showPreview } from "./preview.js";

const views = { matrix: showMatrix, diff: showDiff, preview: showPreview };
const drawn = new Set();

export function setStatus(text) {
  document.getElementById("status").textContent = text;
}

async function route() {
  const name = (location.hash.replace(/^#/, "").split("/")[0] || "matrix");
  const view = views[name] ? name : "matrix";
  for (const other of Object.keys(views)) {
    document.getElementById("view-" + other).hidden = other !== view;
    const link = document.querySelector(`nav a[data-view="${other}"]`);
    if (other === view) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
  }
  if (!drawn.has(view)) {
    drawn.add(view);
    try {
      setStatus("Loading…");
      await views[view](document.getElementById("view-" + view));
      setStatus("");
    } catch (error) {
      drawn.delete(view);
      setStatus(`Could not load this view: ${error.message}`);
    }
  }
  document.body.dataset.view = view;
  document.body.dataset.ready = [...drawn].join(" ");
}

window.addEventListener("hashchange", route);
route();
