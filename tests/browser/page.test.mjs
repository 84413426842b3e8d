// The sidecar's page in a real browser: Debian's Chromium, driven by playwright-core, against the
// packaged triage.jar started with a token. Checks the matrix, the diff and the preview against the
// API and the CLI, that the token never goes into a URL, and that nothing logs an error. Saves a
// screenshot of each view under artifacts/. Run with `bash run.sh` (after `mvn package`); .ci/run
// does. Prints "N passed, N failed" last and exits non-zero on a failure.
import { chromium } from "playwright-core";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const here = path.dirname(fileURLToPath(import.meta.url));
const jar = path.resolve(here, "../../engine/sidecar/target/triage.jar");
const artifacts = path.resolve(here, "artifacts");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const token = "browser-" + randomBytes(12).toString("hex");
const spoilerHtml = "<b>hi</b> <span data-mx-spoiler>secret</span>";
const showcaseHtml =
  '<b>Lunch</b> at noon? <a href="https://example.org/menu">The menu</a>:<ul><li>soup</li><li><i>salad</i></li></ul>';
const began = Date.now();

mkdirSync(artifacts, { recursive: true });

let sidecar;
let base;
let browser;
let page;
const consoleErrors = [];
const requests = [];

async function startSidecar() {
  sidecar = spawn("java", ["-jar", jar, "serve", "--port", "0"], {
    env: { ...process.env, TRIAGE_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error("triage.jar did not start:\n" + log)), 60_000);
    const read = (chunk) => {
      log += chunk;
      const match = log.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    sidecar.stdout.on("data", read);
    sidecar.stderr.on("data", read);
    sidecar.on("exit", (code) => reject(new Error(`triage.jar exited with ${code}:\n${log}`)));
  });
  base = `http://127.0.0.1:${port}`;
}

/** The API from outside the browser, with the token. */
async function api(route, body) {
  const response = await fetch(base + route, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${route}: ${response.status}`);
  return response.json();
}

function cli(...args) {
  const run = spawnSync("java", ["-jar", jar, ...args], { encoding: "utf8" });
  return { status: run.status, lines: run.stdout.split("\n").filter((line) => line !== "") };
}

async function view(name) {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, name);
  await page.waitForSelector(`body[data-ready~="${name}"][data-view="${name}"]`, { timeout: 30_000 });
}

const tests = [];
const test = (name, body) => tests.push({ name, body });

test("the page and its assets are served without the token, with their headers; the API is not", async () => {
  const index = await fetch(base + "/");
  assert.equal(index.status, 200);
  assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
  assert.match(index.headers.get("content-security-policy"), /default-src 'self'/);
  assert.doesNotMatch(index.headers.get("content-security-policy"), /unsafe-inline|unsafe-eval/);
  assert.equal(index.headers.get("x-content-type-options"), "nosniff");
  assert.match(await index.text(), /<meta name="triage-auth" content="bearer">/);
  const script = await fetch(base + "/ui/app.js");
  assert.equal(script.headers.get("content-type"), "text/javascript; charset=utf-8");
  const missing = await fetch(base + "/ui/nope.js");
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).code, "not_found");
  assert.equal((await fetch(base + "/v1/capability-matrix")).status, 401);
});

test("the page asks for the token once, then loads the matrix", async () => {
  await page.goto(base + "/#matrix");
  const dialog = page.locator("#token-dialog");
  await dialog.waitFor({ state: "visible" });
  await page.fill("#token-input", token);
  await page.click('#token-form button[type="submit"]');
  await page.waitForSelector('body[data-ready~="matrix"]', { timeout: 30_000 });
  assert.equal(await dialog.isVisible(), false);
});

test("the matrix shows every shipped network, variants behind a toggle, each cell as in its profile", async () => {
  await view("matrix");
  const names = (await api("/v1/profiles")).profiles.map((p) => p.name);
  const columns = await page.$$eval("#matrix-table thead th[data-profile]", (ths) =>
    ths.map((th) => ({ name: th.dataset.profile, shown: !th.hidden })),
  );
  assert.deepEqual(columns.map((c) => c.name), names);
  assert.deepEqual(
    columns.filter((c) => c.shown).map((c) => c.name),
    names.filter((name) => !name.includes(".")),
  );
  await page.click("#matrix-variants");
  const shown = await page.$$eval("#matrix-table thead th[data-profile]:not([hidden])", (ths) =>
    ths.map((th) => th.dataset.profile),
  );
  assert.deepEqual(shown, names);
  const spoilerCells = await page.$$eval('#matrix-table tr[data-field="formatting.spoiler"] td', (tds) =>
    tds.map((td) => td.textContent),
  );
  const editAges = await page.$$eval('#matrix-table tr[data-field="edit_max_age"] td', (tds) =>
    tds.map((td) => td.textContent),
  );
  for (const [i, name] of names.entries()) {
    const profile = await api(`/v1/profiles/${name}`);
    assert.equal(spoilerCells[i], String(profile.formatting?.spoiler ?? 0), `${name} spoiler`);
    if (profile.edit_max_age === 900) {
      assert.equal(editAges[i], "15 min", `${name} edit_max_age`);
    }
  }
  await page.click("#matrix-variants");
});

test("matrix cells take the keyboard: arrow keys move a visible focus that shows the cell's meaning", async () => {
  await view("matrix");
  await page.focus('#matrix-table td[tabindex="0"]');
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  const focused = await page.evaluate(() => {
    const td = document.activeElement;
    const style = getComputedStyle(td);
    return {
      field: td.parentElement.dataset.field,
      column: Number(td.dataset.col),
      outline: style.outlineStyle + " " + style.outlineWidth,
      label: td.getAttribute("aria-label"),
      tabbable: document.querySelectorAll('#matrix-table td[tabindex="0"]').length,
    };
  });
  assert.equal(focused.field, "reply");
  assert.equal(focused.tabbable, 1);
  assert.notEqual(focused.outline.split(" ")[0], "none");
  assert.match(focused.label, /: .+/);
  const tip = page.locator("#matrix-tip");
  assert.equal(await tip.isVisible(), true);
  assert.match(await tip.textContent(), /reply = .*Triage: /);
  await page.screenshot({ path: path.join(artifacts, "matrix.png") });
});

for (const [from, to] of [
  ["whatsapp", "signal"],
  ["twitter", "twitter.dm_no_xchat_keys"],
]) {
  test(`the diff of ${from} and ${to} is what triage.jar diff prints`, async () => {
    await view("diff");
    await page.selectOption("#diff-from", from);
    await page.selectOption("#diff-to", to);
    await page.waitForFunction(
      ([a, b]) => document.getElementById("diff-summary").textContent.includes(`from ${a} to ${b}`),
      [from, to],
    );
    const rows = await page.$$eval("#diff-table tbody tr", (trs) =>
      trs.map((tr) => [...tr.children].map((cell) => cell.textContent)),
    );
    const shown = rows.map(([field, a, b, meaning]) => `${field}: ${a} → ${b} — ${meaning}`);
    const printed = cli("diff", from, to);
    assert.equal(printed.status, 1);
    assert.deepEqual(shown, printed.lines);
    if (from === "whatsapp") {
      await page.screenshot({ path: path.join(artifacts, "diff.png") });
    }
  });
}

test("a spoiler previewed on every network: rejected where spoilers are not kept, and never shown there", async () => {
  await view("preview");
  const names = (await api("/v1/profiles")).profiles.map((p) => p.name);
  await page.check("#preview-variants");
  await page.selectOption("#preview-format", "html");
  await page.fill("#preview-text", spoilerHtml);
  await page.click("#preview-run");
  await page.waitForFunction(
    (n) =>
      document.getElementById("view-preview").dataset.busy === "false" &&
      document.querySelectorAll("#preview-results .card").length === n &&
      document.querySelector("#preview-summary pre")?.textContent.includes("data-mx-spoiler"),
    names.length,
  );
  const cards = await page.$$eval("#preview-results .card", (articles) =>
    articles.map((card) => ({
      profile: card.dataset.profile,
      decision: card.dataset.decision,
      text: card.textContent,
      frames: [...card.querySelectorAll("iframe")].map((f) => ({ sandbox: f.getAttribute("sandbox"), srcdoc: f.srcdoc })),
    })),
  );
  assert.deepEqual(cards.map((c) => c.profile), names);
  // The page's own DOM never holds Triage's markup: it is in the frames' srcdoc only.
  assert.equal(await page.locator("#preview-results b, #preview-results span[data-mx-spoiler]").count(), 0);
  const action = { type: "message", text: "hi secret", html: spoilerHtml };
  for (const card of cards) {
    const profile = await api(`/v1/profiles/${card.profile}`);
    const spoiler = profile.formatting?.spoiler ?? 0;
    const bold = profile.formatting?.bold ?? 0;
    const expected = spoiler < 1 || bold <= -2 ? "reject" : bold < 1 ? "degrade" : "forward";
    assert.equal(card.decision, expected, `${card.profile}: spoiler ${spoiler}, bold ${bold}`);
    const direct = await api("/v1/mediate", { profile: card.profile, action });
    assert.equal(card.decision, direct.decision, `${card.profile}: the page and the API`);
    for (const frame of card.frames) {
      assert.equal(frame.sandbox, "", `${card.profile}: the frame is sandboxed with no exception`);
    }
    if (spoiler < 1) {
      assert.doesNotMatch(card.text, /secret/, card.profile);
      assert.ok(card.frames.every((f) => !f.srcdoc.includes("secret")), card.profile);
    } else if (expected !== "reject") {
      assert.ok(card.frames.some((f) => /data-mx-spoiler[^>]*>secret</.test(f.srcdoc)), `${card.profile}: ${JSON.stringify(card.frames)}`);
    }
  }
  assert.ok(cards.some((c) => c.decision === "reject") && cards.some((c) => c.decision !== "reject"));
  await page.uncheck("#preview-variants");
  await page.click("#preview-run");
  await page.waitForFunction(() => document.getElementById("view-preview").dataset.busy === "false");
  await page.evaluate(() => window.scrollTo(0, document.getElementById("preview-summary").offsetTop - 300));
  await page.screenshot({ path: path.join(artifacts, "preview.png") });
  // A smaller one, of the answers alone to a message with more in it (the README's picture).
  await page.fill("#preview-text", showcaseHtml);
  await page.click("#preview-run");
  await page.waitForFunction(
    () =>
      document.getElementById("view-preview").dataset.busy === "false" &&
      document.querySelector("#preview-summary pre")?.textContent.includes("<ul>"),
  );
  await page.evaluate(() => window.scrollTo(0, document.getElementById("preview-summary").offsetTop - 8));
  await page.screenshot({ path: path.join(artifacts, "preview-answers.png"), clip: { x: 0, y: 0, width: 1440, height: 560 } });
});

test("the token went in a header on every API call, and in no URL", async () => {
  const calls = requests.filter((r) => new URL(r.url).pathname.startsWith("/v1/"));
  assert.ok(calls.length > 10, `${calls.length} API calls`);
  for (const call of calls) {
    assert.equal((await call.headers).authorization, `Bearer ${token}`, call.url);
  }
  assert.ok(requests.every((r) => !r.url.includes(token)));
});

test("nothing logged an error in the console", async () => {
  assert.deepEqual(consoleErrors, []);
});

let passed = 0;
let failed = 0;
try {
  await startSidecar();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-default-apps",
      "--disable-sync",
      "--no-first-run",
      "--metrics-recording-only",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") {
      consoleErrors.push(message.text());
    }
  });
  page.on("pageerror", (error) => consoleErrors.push("page error: " + error.message));
  // allHeaders(): headers() leaves out security-related ones.
  page.on("request", (request) =>
    requests.push({ url: request.url(), headers: request.allHeaders().catch(() => ({})) }),
  );
  for (const { name, body } of tests) {
    try {
      await body();
      passed++;
      console.log(`ok - ${name}`);
    } catch (error) {
      failed++;
      console.log(`not ok - ${name}\n  ${String(error.stack || error).split("\n").join("\n  ")}`);
    }
  }
} catch (error) {
  failed++;
  console.log(`not ok - setup\n  ${error.stack || error}`);
} finally {
  await browser?.close();
  sidecar?.kill("SIGTERM");
}
console.log(`browser: ${((Date.now() - began) / 1000).toFixed(1)} s, screenshots in ${path.relative(process.cwd(), artifacts) || "."}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
