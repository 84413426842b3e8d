// Two profiles compared: GET /v1/profiles/{a}/diff/{b}, which is `triage.jar diff A B` as JSON.
import { api } from "./api.js";
import { el } from "./dom.js";

export async function showDiff(section) {
  const { profiles } = await api("/v1/profiles");
  const from = section.querySelector("#diff-from");
  const to = section.querySelector("#diff-to");
  for (const select of [from, to]) {
    select.replaceChildren(...profiles.map((p) => el("option", { value: p.name }, p.name)));
  }
  const wanted = new URLSearchParams(location.hash.split("?")[1] || "");
  from.value = pick(profiles, wanted.get("from"), "whatsapp");
  to.value = pick(profiles, wanted.get("to"), "signal");
  const run = () => draw(section, from.value, to.value);
  from.addEventListener("change", run);
  to.addEventListener("change", run);
  section.querySelector("#diff-swap").addEventListener("click", () => {
    [from.value, to.value] = [to.value, from.value];
    run();
  });
  section.querySelector("#diff-form").addEventListener("submit", (event) => event.preventDefault());
  await run();
}

function pick(profiles, wanted, fallback) {
  const names = profiles.map((p) => p.name);
  return names.includes(wanted) ? wanted : names.includes(fallback) ? fallback : names[0];
}

async function draw(section, a, b) {
  section.querySelector("#diff-cli").textContent = `triage.jar diff ${a} ${b}`;
  const summary = section.querySelector("#diff-summary");
  const body = section.querySelector("#diff-table tbody");
  let answer;
  try {
    answer = await api(`/v1/profiles/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`);
  } catch (error) {
    summary.textContent = `The diff failed: ${error.message}`;
    body.replaceChildren();
    return;
  }
  const changes = answer.changes;
  summary.textContent =
    changes.length === 0
      ? `${a} and ${b} are the same for senders.`
      : `${changes.length} ${changes.length === 1 ? "difference" : "differences"} from ${a} to ${b}.`;
  body.replaceChildren(
    ...changes.map((change) =>
      el(
        "tr",
        { class: "change " + direction(change) },
        el("th", { scope: "row" }, el("code", {}, change.field)),
        el("td", { class: "from" }, change.from === null ? "—" : change.from),
        el("td", { class: "to" }, change.to === null ? "—" : change.to),
        el("td", { class: "meaning" }, change.meaning),
      ),
    ),
  );
}

/** worse, better or neutral, for the row's colour; the meaning column says it in words. */
function direction(change) {
  const a = Number(change.from === null ? 0 : change.from);
  const b = Number(change.to === null ? 0 : change.to);
  if (!/^(-?\d+|true|false)?$/.test(String(change.from ?? "")) || !/^(-?\d+|true|false)?$/.test(String(change.to ?? ""))) {
    return "neutral";
  }
  if (change.field.includes("max_") || change.field.endsWith("_count")) {
    return "neutral";
  }
  if (Number.isNaN(a) || Number.isNaN(b) || a === b) {
    return "neutral";
  }
  return b < a ? "worse" : "better";
}
