package dev.microlab.docs.scenario;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import dev.microlab.docs.diagram.Diagram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Tells a {@link Scenario}'s story as it happens, stamped with the virtual clock.
 *
 * <p>A scenario drives the real library with the narrator's {@link #time() manual clock} and
 * {@link #scheduler() scheduler}, so a minute of circuit-breaker behaviour plays in
 * milliseconds, and the same run always prints the same story. Each line starts with the
 * virtual time elapsed since the scenario began:
 *
 * <pre>
 * [+00:01.500] the failure rate crossed 50% — the breaker opens
 * </pre>
 *
 * <p>{@link #milestone(String, String)} also records the line under a stable id, so tests
 * assert the story ({@link #milestoneIds()}) without depending on its wording. A scenario can
 * attach {@link Diagram Mermaid diagrams} of what it did with {@link #draw(Diagram)}.
 *
 * <pre>{@code
 * Narrator narrator = new Narrator(System.out::println);
 * narrator.say("three calls succeed");
 * narrator.time().advance(Duration.ofMillis(1500));
 * narrator.milestone("breaker-opened", "the failure rate crossed 50% — the breaker opens");
 * }</pre>
 *
 * <p>This class is threadsafe: lines and milestones from several threads are recorded in the
 * order the calls took effect.
 */
public final class Narrator {

    private final ManualTimeSource time;
    private final ManualScheduler scheduler;
    private final Consumer<String> out;
    private final List<String> lines = new ArrayList<>();
    private final List<Milestone> milestones = new ArrayList<>();
    private final List<Diagram> diagrams = new ArrayList<>();

    /**
     * A narrator with a fresh virtual clock (starting at {@link ManualTimeSource#DEFAULT_START})
     * that writes each line to {@code out}.
     */
    public Narrator(Consumer<String> out) {
        this(new ManualTimeSource(), out);
    }

    /** A narrator stamping lines with {@code time} and writing each line to {@code out}. */
    public Narrator(ManualTimeSource time, Consumer<String> out) {
        this.time = Objects.requireNonNull(time, "time must not be null");
        this.out = Objects.requireNonNull(out, "out must not be null");
        this.scheduler = new ManualScheduler(time);
    }

    /** A narrator that only records (for tests and for drawing without the story). */
    public static Narrator silent() {
        return new Narrator(line -> { });
    }

    /** The virtual clock the scenario must give to every component it builds. */
    public ManualTimeSource time() {
        return time;
    }

    /** A scheduler on the virtual clock; {@link ManualScheduler#advance} runs what falls due. */
    public ManualScheduler scheduler() {
        return scheduler;
    }

    /** Virtual time elapsed since the scenario started. */
    public Duration elapsed() {
        return time.elapsed();
    }

    /**
     * Narrates one line, stamped with the current virtual time. {@link #lines()} keeps it whole;
     * what is written out is wrapped at {@value #WIDTH} columns, continuation lines indented under
     * the text so the stamps stay a column of their own.
     */
    public void say(String text) {
        Objects.requireNonNull(text, "text must not be null");
        String stamp = "[+" + stamp(time.elapsed()) + "] ";
        String line = stamp + text;
        synchronized (this) {
            lines.add(line);
            out.accept(wrap(stamp, text, WIDTH));
        }
    }

    /** The column at which written narration wraps. */
    public static final int WIDTH = 100;

    /**
     * {@code prefix + text}, wrapped at spaces so that no line is longer than {@code width} (a
     * word longer than a line stays whole), continuation lines indented by the prefix's length
     * plus the text's own leading spaces, joined with newlines.
     */
    public static String wrap(String prefix, String text, int width) {
        int leading = 0;
        while (leading < text.length() && text.charAt(leading) == ' ') {
            leading++;
        }
        String indent = " ".repeat(prefix.length() + leading + (leading > 0 ? 2 : 0));
        StringBuilder out = new StringBuilder(prefix).append(text, 0, leading);
        int column = out.length();
        boolean firstWordOfLine = true;
        for (String word : text.substring(leading).split(" ", -1)) {
            if (!firstWordOfLine && column + 1 + word.length() > width) {
                out.append('\n').append(indent).append(word);
                column = indent.length() + word.length();
            } else {
                if (!firstWordOfLine) {
                    out.append(' ');
                    column++;
                }
                out.append(word);
                column += word.length();
            }
            firstWordOfLine = false;
        }
        return out.toString();
    }

    /**
     * Narrates one line and records it as a milestone under {@code id}.
     *
     * @throws IllegalArgumentException if {@code id} is not kebab-case
     */
    public void milestone(String id, String text) {
        Milestone milestone = new Milestone(id, time.elapsed(), text);
        synchronized (this) {
            milestones.add(milestone);
            say(text);
        }
    }

    /** Attaches a diagram of what the scenario did; the catalog prints it on request. */
    public synchronized void draw(Diagram diagram) {
        diagrams.add(Objects.requireNonNull(diagram, "diagram must not be null"));
    }

    /** Every line narrated so far, with its stamp, in order. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every milestone so far, in order. */
    public synchronized List<Milestone> milestones() {
        return List.copyOf(milestones);
    }

    /** The ids of {@link #milestones()}, in order. */
    public synchronized List<String> milestoneIds() {
        return milestones.stream().map(Milestone::id).toList();
    }

    /** The first milestone with {@code id}; throws if the story never reached it. */
    public synchronized Milestone milestone(String id) {
        return milestones.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no milestone '" + id
                        + "' was reached; the milestones were " + milestoneIds()));
    }

    /** The diagrams attached so far, in order. */
    public synchronized List<Diagram> diagrams() {
        return List.copyOf(diagrams);
    }

    /**
     * Formats an elapsed virtual time as {@code mm:ss.SSS} (minutes grow past 59 rather than
     * roll into hours, so stamps stay aligned), e.g. {@code 00:01.500}.
     */
    public static String stamp(Duration elapsed) {
        Objects.requireNonNull(elapsed, "elapsed must not be null");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must be >= 0, but was " + elapsed);
        }
        long millis = elapsed.toMillis();
        return String.format("%02d:%02d.%03d", millis / 60_000, (millis / 1000) % 60, millis % 1000);
    }
}
