package dev.microlab.eventstore;

/** Which way a stream read walks: towards newer events, or towards older ones. */
public enum ReadDirection {
    /** From older to newer (increasing versions). */
    FORWARD,
    /** From newer to older (decreasing versions). */
    BACKWARD
}
