/**
 * The capability model: what one chat on one network supports, read from either spelling of the
 * document that bridges publish ({@code com.beeper.room_features} or the Desktop API's {@code
 * Chat.capabilities}). Every type here is immutable and safe to share between chats and threads.
 */
package dev.triage.capability;
