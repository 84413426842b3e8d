/** The webhook adapter: each action POSTed to a URL, HMAC-signed, retried, behind a breaker. */
package dev.triage.adapter.webhook;
