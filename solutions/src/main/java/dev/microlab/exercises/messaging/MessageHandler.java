package dev.microlab.exercises.messaging;

/** Handles one kind of message. Throws to say it could not. */
@FunctionalInterface
public interface MessageHandler {

    void handle(Message message) throws Exception;
}
