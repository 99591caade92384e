package dev.microlab.exercises.saga;

/** What a saga step (or its compensation) does for one order: a call to another service. */
@FunctionalInterface
public interface StepAction {

    void run(String orderId) throws Exception;
}
