/**
 * The Matrix dialect: Matrix events in, Matrix events out. {@link dev.triage.matrix.MatrixReader}
 * reads a client-server event (with the {@link dev.triage.matrix.RelatedEvents} the caller knows)
 * into Triage actions, as bridgev2 reads what it bridges; {@link dev.triage.matrix.MatrixWriter}
 * writes the verdicts back as the events to send, the {@code com.beeper.message_send_status}
 * content and the error notice; {@link dev.triage.matrix.MatrixMediator} does both around a {@link
 * dev.triage.rule.Mediator}; {@link dev.triage.matrix.RoomFeatures} reads a room's {@code
 * com.beeper.room_features} state. Pure and synchronous, like the rest of the core.
 */
package dev.triage.matrix;
