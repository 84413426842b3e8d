/**
 * The appservice proxy: Triage in front of an unmodified bridge. The homeserver's registration for
 * the bridge points at Triage; each transaction's events are read as Matrix, mediated against the
 * room's capabilities, and forwarded to the bridge as one transaction in the same order — forwarded
 * events untouched, degraded ones rewritten, rejected and dropped ones left out — and the sender is
 * told in the room (a {@code com.beeper.message_send_status} event, an {@code m.notice}) what was
 * not sent or was changed. The homeserver is answered only once the bridge has accepted, so its
 * retries carry what a crash or an unreachable bridge would otherwise lose.
 */
package dev.triage.sidecar.appservice;
