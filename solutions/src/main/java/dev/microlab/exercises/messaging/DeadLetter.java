package dev.microlab.exercises.messaging;

/** A message moved to the dead-letter queue, and why — what an operator reads before replaying it. */
public record DeadLetter(Message message, String reason) {
}
