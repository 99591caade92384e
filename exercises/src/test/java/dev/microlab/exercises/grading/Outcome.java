package dev.microlab.exercises.grading;

/** How one graded check ended, in the words of Exercism's results.json (v3). */
public enum Outcome {
    /** Every assertion held. */
    PASS("pass"),
    /** An assertion did not hold: the code runs but does the wrong thing. */
    FAIL("fail"),
    /** The code threw instead of answering (a TODO still in place, or a bug). */
    ERROR("error");

    private final String json;

    Outcome(String json) {
        this.json = json;
    }

    /** The status string of results.json. */
    public String json() {
        return json;
    }
}
