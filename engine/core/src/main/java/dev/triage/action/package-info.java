/**
 * The outbound actions Triage mediates, one record per kind, as on the wire (camelCase JSON, times
 * in epoch milliseconds). The records validate what they can on their own, so an action that exists
 * is well formed; whether the chat supports it is the rules' question.
 */
package dev.triage.action;
