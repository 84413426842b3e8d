// One action, previewed on every network: POST /v1/mediate per profile (the route the bridges
// use), then what each would receive. Triage's `html` is never put into this page's DOM: it is
// shown in an <iframe sandbox="" srcdoc>, which runs no script and has no origin (and inherits
// this page's Content-Security-Policy), with the plain text beside it. Everything else is text.
import { api } from "./api.js";
import { el } from "./dom.js";

let profiles = [];
let generation = 0;
let timer = null;

export async function showPreview(section) {
  profiles = (await api("/v1/profiles")).profiles.map((p) => p.name);
  const form = section.querySelector("#preview-form");
  const type = form.elements.type;
  const sync = () => {
    for (const part of form.querySelectorAll("[data-for]")) {
      part.hidden = !part.dataset.for.split(" ").includes(type.value);
    }
  };
  type.addEventListener("change", sync);
  sync();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(section);
  });
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(section), 350);
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run(section);
    }
  });
  await run(section);
}

/** The action the form describes, in Triage's wire format. */
export function actionFrom(form) {
  const f = form.elements;
  const now = Date.now();
  const sentAt = now - Math.max(0, Number(f.ageMinutes.value) || 0) * 60_000;
  switch (f.type.value) {
    case "message": {
      const action = { type: "message", ...body(f.format.value, f.text.value, true) };
      if (f.reply.checked) {
        action.replyTo = { messageID: "$original", sender: f.replySender.value, text: f.replyText.value };
      }
      if (f.attach.checked) {
        const size = Number(f.size.value);
        action.attachment = { msgtype: f.msgtype.value, mimeType: f.mimeType.value.trim() };
        if (f.size.value !== "" && Number.isFinite(size)) {
          action.attachment.size = size;
        }
        if (action.text === "") {
          delete action.text;
          delete action.html;
          delete action.format;
        }
      }
      return action;
    }
    case "edit":
      return {
        type: "edit",
        messageID: "$earlier",
        sentAt,
        editCount: Math.max(0, Number(f.editCount.value) || 0),
        ...body(f.format.value, f.text.value, false),
      };
    case "reaction":
      return { type: "reaction", messageID: "$earlier", key: f.key.value, existing: Math.max(0, Number(f.existing.value) || 0) };
    case "poll":
      return {
        type: "poll",
        question: f.question.value,
        options: f.options.value.split("\n").map((o) => o.trim()).filter((o) => o !== ""),
      };
    case "location":
      return {
        type: "location",
        latitude: Number(f.latitude.value),
        longitude: Number(f.longitude.value),
        description: f.description.value,
      };
    case "delete":
      return { type: "delete", messageID: "$earlier", sentAt, forEveryone: f.forEveryone.checked };
    default:
      throw new Error("unknown action " + f.type.value);
  }
}

/** text, html or Markdown as the wire takes them; only messages take Markdown. */
function body(format, text, markdown) {
  if (format === "html") {
    return { text: plainText(text), html: text };
  }
  if (format === "markdown" && markdown) {
    return { text, format: "markdown" };
  }
  return { text };
}

const BLOCKS = new Set(["P", "DIV", "UL", "OL", "LI", "BLOCKQUOTE", "PRE", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "TR", "HR", "DETAILS", "SUMMARY"]);

/**
 * The plain text of an HTML fragment, for the message's `text` (as a Matrix client sends a body
 * with its formatted_body): parsed into an inert document (no script runs, nothing loads) that is
 * never attached to the page, then walked: blocks on their own lines, list items with • or their
 * number.
 */
function plainText(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  let out = "";
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        out += child.nodeValue;
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const block = BLOCKS.has(child.tagName);
        if (child.tagName === "BR" || (block && out !== "" && !out.endsWith("\n"))) {
          out += "\n";
        }
        if (child.tagName === "LI") {
          const list = child.parentElement;
          out += list && list.tagName === "OL" ? `${[...list.children].indexOf(child) + (Number(list.getAttribute("start")) || 1)}. ` : "• ";
        }
        walk(child);
        if (block && !out.endsWith("\n")) {
          out += "\n";
        }
      }
    }
  };
  walk(doc.body);
  return out.trim();
}

async function run(section) {
  const mine = ++generation;
  section.dataset.busy = "true";
  const form = section.querySelector("#preview-form");
  const summary = section.querySelector("#preview-summary");
  const results = section.querySelector("#preview-results");
  let action;
  try {
    action = actionFrom(form);
  } catch (error) {
    summary.textContent = error.message;
    section.dataset.busy = "false";
    return;
  }
  const names = form.elements.variants.checked ? profiles : profiles.filter((name) => !name.includes("."));
  summary.textContent = `Asking Triage about ${names.length} networks…`;
  const answers = await Promise.all(
    names.map((profile) =>
      api("/v1/mediate", { profile, actions: [action] }).then(
        (answer) => ({ profile, verdict: answer.verdicts[0] }),
        (error) => ({ profile, error }),
      ),
    ),
  );
  if (mine !== generation) {
    return; // a newer preview is on its way
  }
  section.dataset.busy = "false";
  const failed = answers.find((a) => a.error);
  if (failed) {
    const where = failed.error.details && failed.error.details.field ? ` (${failed.error.details.field})` : "";
    summary.textContent = `Triage refused the action: ${failed.error.message}${where}`;
    results.replaceChildren();
    return;
  }
  const counts = {};
  for (const { verdict } of answers) {
    counts[verdict.decision] = (counts[verdict.decision] || 0) + 1;
  }
  summary.replaceChildren(
    `${answers.length} networks: `,
    ...["forward", "degrade", "drop", "reject"]
      .filter((d) => counts[d])
      .flatMap((d, i) => [i ? " " : "", el("span", { class: "badge " + d }, `${counts[d]} ${d}`)]),
    el("details", { class: "request" }, el("summary", {}, "the action sent"), el("pre", {}, JSON.stringify(action, null, 2))),
  );
  results.replaceChildren(...answers.map(({ profile, verdict }) => card(profile, verdict)));
}

function card(profile, verdict) {
  const article = el(
    "article",
    { class: "card " + verdict.decision, "data-profile": profile, "data-decision": verdict.decision, "aria-label": `${profile}: ${verdict.decision}` },
    el("header", {}, el("h3", {}, profile), el("span", { class: "badge " + verdict.decision }, verdict.decision)),
  );
  if (verdict.notes && verdict.notes.length) {
    article.append(
      el(
        "ul",
        { class: "notes" },
        ...verdict.notes.map((note) => el("li", {}, el("code", {}, note.code), " ", note.message)),
      ),
    );
  }
  if (verdict.status) {
    article.append(el("p", { class: "send-status" }, `${verdict.status.status} · ${verdict.status.reason}`));
  }
  const actions = verdict.actions || [];
  if (actions.length === 0) {
    article.append(el("p", { class: "nothing" }, "Nothing is sent."));
  }
  actions.forEach((action, i) => article.append(sent(profile, action, i, actions.length)));
  return article;
}

/** One action as the network would receive it. */
function sent(profile, action, index, count) {
  const part = count > 1 ? ` ${index + 1} of ${count}` : "";
  const out = el("div", { class: "sent", "data-type": action.type });
  const facts = [];
  if (action.replyTo) facts.push(`reply to ${action.replyTo.messageID}`);
  if (action.threadRoot) facts.push(`in the thread of ${action.threadRoot}`);
  if (action.type === "edit") facts.push(`edit of ${action.messageID}`);
  if (action.format === "markdown") facts.push("Markdown");
  if (action.attachment) {
    const a = action.attachment;
    facts.push(`📎 ${a.msgtype} · ${a.mimeType}${a.size !== undefined ? " · " + size(a.size) : ""}`);
  }
  out.append(el("p", { class: "what" }, el("strong", {}, action.type + part), facts.length ? " — " + facts.join(" · ") : ""));
  if (action.type === "message" || action.type === "edit") {
    if (action.html) {
      const frame = el("iframe", {
        sandbox: "",
        referrerpolicy: "no-referrer",
        title: `${profile}${part}: the message rendered`,
        class: "rendered",
      });
      frame.srcdoc =
        '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/ui/frame.css"></head><body>' +
        action.html +
        "</body></html>";
      out.append(el("div", { class: "both" }, frame, el("pre", { class: "plain", "aria-label": "plain text" }, action.text || "")));
    } else if (action.text !== undefined) {
      out.append(el("pre", { class: "plain only", "aria-label": "plain text" }, action.text));
    }
  } else {
    const rest = { ...action };
    delete rest.type;
    out.append(el("pre", { class: "plain only" }, JSON.stringify(rest, null, 1)));
  }
  return out;
}

function size(bytes) {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
