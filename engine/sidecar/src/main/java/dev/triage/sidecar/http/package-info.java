/**
 * HTTP plumbing every route shares: strict JSON bodies, the content type, bearer tokens, header
 * timeouts, request metrics and logs, and errors — the {@link dev.triage.sidecar.http.ErrorCode}
 * catalog and the one writer of {@code {code, message, details}}. Knows nothing of capabilities.
 */
package dev.triage.sidecar.http;
