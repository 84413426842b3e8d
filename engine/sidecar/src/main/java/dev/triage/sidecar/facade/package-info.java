/**
 * The Beeper Desktop API facade: the Desktop API's chat and message routes and JSON shapes, so its
 * official clients talk to Triage unchanged; every send is mediated and delivered through the
 * gateway first.
 */
package dev.triage.sidecar.facade;
