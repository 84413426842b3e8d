// The one way the page talks to Triage: JSON over fetch, with the bearer token when the server
// has one. The token lives in this module's memory only: never in a URL, never in storage.

const authMeta = document.querySelector('meta[name="triage-auth"]');
const tokenRequired = authMeta !== null && authMeta.content === "bearer";
let token = null;
let asking = null;

/** An answer that was not 2xx: Triage's {code, message, details}. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code ? body.code : "http_" + status;
    this.details = body ? body.details : undefined;
  }
}

/** GET path, or POST body as JSON; resolves to the parsed answer, rejects with an ApiError. */
export async function api(path, body) {
  if (tokenRequired && token === null) {
    await askForToken("");
  }
  for (;;) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (token !== null) {
      headers.Authorization = "Bearer " + token;
    }
    const response = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    });
    const answer = await response.json().catch(() => null);
    if (response.status === 401) {
      token = null;
      await askForToken(answer && answer.message ? answer.message : "The token was refused.");
      continue;
    }
    if (!response.ok) {
      throw new ApiError(response.status, answer);
    }
    return answer;
  }
}

/** Shows the token dialog once, however many requests are waiting for it. */
function askForToken(problem) {
  if (asking === null) {
    asking = new Promise((resolve) => {
      const dialog = document.getElementById("token-dialog");
      const form = document.getElementById("token-form");
      const input = document.getElementById("token-input");
      document.getElementById("token-error").textContent = problem;
      const done = (event) => {
        event.preventDefault();
        const given = input.value.trim();
        if (given === "") {
          return;
        }
        token = given;
        input.value = "";
        form.removeEventListener("submit", done);
        dialog.close();
        asking = null;
        resolve();
      };
      form.addEventListener("submit", done);
      // Escape would leave the page without a token: keep the dialog until one is given.
      dialog.addEventListener("cancel", (event) => event.preventDefault(), { once: true });
      dialog.showModal();
      input.focus();
    });
  }
  return asking;
}
