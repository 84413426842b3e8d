// The capability matrix, drawn from GET /v1/capability-matrix (the rows `triage.jar matrix`
// prints). A grid: one cell is in the tab order at a time, arrow keys move between cells, and the
// focused or hovered cell shows its full value and what Triage does with it.
import { api } from "./api.js";
import { el } from "./dom.js";

const LEVEL_NAMES = { 2: "full", 1: "partial", 0: "unsupported", "-1": "dropped", "-2": "rejected" };


export async function showMatrix(section) {
  const data = await api("/v1/capability-matrix");
  const wrap = section.querySelector("#matrix-wrap");
  const tip = section.querySelector("#matrix-tip");
  drawLegend(section.querySelector("#matrix-legend"), data.legend);

  const columns = data.columns;
  const variantsOf = new Map();
  for (const column of columns) {
    if (column.variant) {
      variantsOf.set(column.network, (variantsOf.get(column.network) || 0) + 1);
    }
  }
  const expanded = new Set();

  const table = el("table", { class: "matrix", id: "matrix-table", role: "grid", "aria-labelledby": "matrix-title" });
  const headRow = el("tr", {}, el("th", { scope: "col", class: "corner" }, "capability"));
  columns.forEach((column, i) => {
    const th = el("th", {
      scope: "col",
      class: column.variant ? "col variant" : "col",
      "data-col": i,
      "data-network": column.network,
      "data-profile": column.name,
      title: column.id || column.name,
    });
    const name = column.variant ? column.name.slice(column.network.length) : column.name;
    th.append(el("span", { class: "name" }, name));
    const count = variantsOf.get(column.name);
    if (!column.variant && count) {
      const toggle = el(
        "button",
        { type: "button", class: "variants", "aria-expanded": "false", "aria-label": `Show ${column.name}'s ${count} variants` },
        `+${count}`,
      );
      toggle.addEventListener("click", () => {
        if (expanded.has(column.name)) {
          expanded.delete(column.name);
        } else {
          expanded.add(column.name);
        }
        applyColumns();
      });
      th.append(toggle);
    }
    if (column.variant) {
      th.hidden = true;
    }
    headRow.append(th);
  });
  table.append(el("thead", {}, headRow));

  for (const group of data.groups) {
    const body = el("tbody", { "data-group": group.key });
    const toggle = el("button", { type: "button", class: "group-toggle", "aria-expanded": "true" }, group.title);
    const head = el(
      "tr",
      { class: "group-head" },
      el("th", { scope: "rowgroup", colspan: columns.length + 1 }, toggle, el("span", { class: "count" }, ` ${group.rows.length} rows`)),
    );
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      for (const row of body.querySelectorAll("tr.data")) {
        row.hidden = !open;
      }
    });
    body.append(head);
    for (const row of group.rows) {
      const tr = el(
        "tr",
        { class: "data", "data-field": row.field },
        el("th", { scope: "row" }, el("span", { class: "label" }, row.label), " ", el("code", {}, shortField(row.field, group.key))),
      );
      row.cells.forEach((cell, i) => {
        const level = cell.level === undefined ? null : cell.level;
        const levelText = level === null ? "" : `, level ${level} ${LEVEL_NAMES[level]}`;
        const td = el(
          "td",
          {
            class:
              "cell " +
              (level === null ? (cell.text === "—" ? "na" : "limit") : "lvl" + level) +
              (cell.text.length > 12 ? " long" : ""),
            tabindex: "-1",
            "data-col": i,
            "aria-label": `${columns[i].name}: ${cell.text}${levelText}`,
          },
          cell.text,
        );
        td.matrixCell = { cell, row, column: columns[i] };
        if (columns[i].variant) {
          td.hidden = true;
        }
        tr.append(td);
      });
      body.append(tr);
    }
    table.append(body);
  }
  wrap.replaceChildren(table);
  const first = table.querySelector("td.cell");
  first.tabIndex = 0;

  function applyColumns() {
    const all = section.querySelector("#matrix-variants").getAttribute("aria-pressed") === "true";
    columns.forEach((column, i) => {
      const shown = !column.variant || all || expanded.has(column.network);
      for (const cell of table.querySelectorAll(`[data-col="${i}"]`)) {
        cell.hidden = !shown;
      }
    });
    // A colspan wider than the visible columns would make empty columns that take width.
    const visible = columns.filter((column, i) => !table.querySelector(`thead [data-col="${i}"]`).hidden).length;
    for (const head of table.querySelectorAll("tr.group-head th")) {
      head.colSpan = visible + 1;
    }
    for (const toggle of table.querySelectorAll("thead button.variants")) {
      const network = toggle.closest("th").dataset.network;
      const open = all || expanded.has(network);
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = (open ? "−" : "+") + variantsOf.get(network);
      toggle.setAttribute("aria-label", `${open ? "Hide" : "Show"} ${network}'s ${variantsOf.get(network)} variants`);
    }
    const active = table.querySelector('td[tabindex="0"]');
    if (active && active.hidden) {
      moveTo(active, table.querySelector("tr.data:not([hidden]) td.cell:not([hidden])"));
    }
  }

  applyColumns();

  const allVariants = section.querySelector("#matrix-variants");
  allVariants.addEventListener("click", () => {
    const on = allVariants.getAttribute("aria-pressed") !== "true";
    allVariants.setAttribute("aria-pressed", String(on));
    allVariants.textContent = on ? "Hide variants" : "Show all variants";
    applyColumns();
  });
  const collapse = section.querySelector("#matrix-collapse");
  collapse.addEventListener("click", () => {
    const open = collapse.textContent.startsWith("Expand");
    for (const toggle of table.querySelectorAll("button.group-toggle")) {
      if ((toggle.getAttribute("aria-expanded") === "true") !== open) {
        toggle.click();
      }
    }
    collapse.textContent = open ? "Collapse all groups" : "Expand all groups";
  });

  table.addEventListener("keydown", (event) => navigate(event, table));
  table.addEventListener("focusin", (event) => {
    const td = event.target.closest("td.cell");
    if (td) {
      table.querySelectorAll('td[tabindex="0"]').forEach((other) => {
        if (other !== td) other.tabIndex = -1;
      });
      td.tabIndex = 0;
      showTip(tip, td);
    }
  });
  table.addEventListener("focusout", () => hideTip(tip));
  table.addEventListener("mouseover", (event) => {
    const td = event.target.closest("td.cell");
    if (td) showTip(tip, td);
  });
  table.addEventListener("mouseleave", () => {
    const focused = document.activeElement;
    if (focused && focused.matches && focused.matches("td.cell")) {
      showTip(tip, focused);
    } else {
      hideTip(tip);
    }
  });
  wrap.addEventListener("scroll", () => hideTip(tip));
}

/** A file row's field without its msgtype prefix, which the group title already says. */
function shortField(field, groupKey) {
  return groupKey.startsWith("file.") && field.startsWith(groupKey + ".") ? field.slice(groupKey.length + 1) : field;
}

function drawLegend(dl, legend) {
  dl.replaceChildren();
  for (const key of legend) {
    dl.append(
      el("div", { class: "key" },
        el("dt", { class: "cell lvl" + key.level }, String(key.level)),
        el("dd", {}, el("strong", {}, key.name), " — " + key.rule)),
    );
  }
  dl.append(
    el("div", { class: "key" }, el("dt", { class: "cell limit" }, "100 MiB"), el("dd", {}, el("strong", {}, "limit"), " — ∞ is none")),
    el("div", { class: "key" }, el("dt", { class: "cell na" }, "—"), el("dd", {}, el("strong", {}, "n/a"), " — the msgtype is not listed")),
  );
}

function showTip(tip, td) {
  const { cell, row, column } = td.matrixCell;
  const value = cell.value === undefined ? "absent" : JSON.stringify(cell.value, null, 1).replace(/\n\s*/g, " ");
  const level = cell.level === undefined ? null : cell.level;
  tip.replaceChildren(
    el("div", { class: "tip-head" }, el("strong", {}, column.name), " · ", row.label),
    el("div", {}, el("code", {}, row.field), " = ", el("code", {}, value)),
    level === null ? null : el("div", {}, `level ${level}: ${LEVEL_NAMES[level]}`),
    el("div", { class: "tip-meaning" }, "Triage: " + cell.meaning),
  );
  tip.hidden = false;
  const box = td.getBoundingClientRect();
  const width = Math.min(360, window.innerWidth - 16);
  tip.style.maxWidth = width + "px";
  let left = box.left + window.scrollX;
  left = Math.max(8, Math.min(left, window.scrollX + window.innerWidth - width - 8));
  let top = box.bottom + window.scrollY + 4;
  if (box.bottom + tip.offsetHeight + 8 > window.innerHeight) {
    top = box.top + window.scrollY - tip.offsetHeight - 4;
  }
  tip.style.left = left + "px";
  tip.style.top = top + "px";
  td.setAttribute("aria-describedby", "matrix-tip");
}

function hideTip(tip) {
  tip.hidden = true;
}

function visibleRows(table) {
  return [...table.querySelectorAll("tr.data:not([hidden])")];
}

function moveTo(from, to) {
  if (!to) return;
  if (from) from.tabIndex = -1;
  to.tabIndex = 0;
  to.focus();
  to.scrollIntoView({ block: "nearest", inline: "nearest" });
}

function navigate(event, table) {
  const td = event.target.closest("td.cell");
  if (!td) return;
  if (event.key === "Escape") {
    hideTip(document.getElementById("matrix-tip"));
    return;
  }
  const rows = visibleRows(table);
  const r = rows.indexOf(td.parentElement);
  const cells = (tr) => [...tr.querySelectorAll("td.cell:not([hidden])")];
  const inRow = cells(td.parentElement);
  const c = inRow.indexOf(td);
  const sameColumn = (tr) => tr && (tr.querySelector(`td[data-col="${td.dataset.col}"]`) || cells(tr)[0]);
  let target = null;
  switch (event.key) {
    case "ArrowRight": target = inRow[c + 1]; break;
    case "ArrowLeft": target = inRow[c - 1]; break;
    case "ArrowDown": target = sameColumn(rows[r + 1]); break;
    case "ArrowUp": target = sameColumn(rows[r - 1]); break;
    case "PageDown": target = sameColumn(rows[Math.min(rows.length - 1, r + 10)]); break;
    case "PageUp": target = sameColumn(rows[Math.max(0, r - 10)]); break;
    case "Home": target = event.ctrlKey ? cells(rows[0])[0] : inRow[0]; break;
    case "End": target = event.ctrlKey ? cells(rows[rows.length - 1]).at(-1) : inRow.at(-1); break;
    default: return;
  }
  event.preventDefault();
  moveTo(td, target);
}
