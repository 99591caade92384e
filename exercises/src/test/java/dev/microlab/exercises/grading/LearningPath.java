package dev.microlab.exercises.grading;

import java.util.Arrays;
import java.util.Optional;

/**
 * The exercises of the learning path, in the order a student takes them.
 *
 * <p>Each graded test class carries the JUnit tag of its exercise ({@code @Tag("circuit-breaker")});
 * the report groups and orders checks by this enum, {@code ./grade circuit-breaker} selects by the
 * tag, and {@link SkeletonCheck} refuses a graded test whose tag is not listed here or an exercise
 * without instructions.
 */
public enum LearningPath {

    CIRCUIT_BREAKER(1, "circuit-breaker", "Circuit breaker"),
    BANK_ACCOUNT(2, "bank-account", "Event-sourced bank account"),
    TRAFFIC_POLICY(3, "traffic-policy", "Traffic policy"),
    RETRY(4, "retry", "Retry with backoff and jitter"),
    RATE_LIMITER(5, "rate-limiter", "Token-bucket rate limiter"),
    BULKHEAD(6, "bulkhead", "Bulkhead"),
    EVENT_STORE(7, "event-store", "In-memory event store"),
    ORDER_AGGREGATE(8, "order-aggregate", "DDD order aggregate"),
    PROJECTION(9, "projection", "CQRS projection"),
    SAGA(10, "saga", "Saga with compensation"),
    SERVICE_REGISTRY(11, "service-registry", "Service registry with TTL heartbeats"),
    IDEMPOTENT_CONSUMER(12, "idempotent-consumer", "Idempotent message consumer"),
    SERVICE_BOUNDARIES(13, "service-boundaries", "Service boundaries");

    /** The tag of the grading infrastructure's own tests: never graded, must always pass. */
    public static final String INFRASTRUCTURE_TAG = "grading-infrastructure";

    /**
     * The tag of the deliberately wrong test classes in {@code dev.microlab.gradingfixture}, which
     * the grading machinery's own tests run to prove that {@link SkeletonCheck} catches them.
     * No other run includes them.
     */
    public static final String FIXTURE_TAG = "grading-fixture";

    private final int number;
    private final String slug;
    private final String title;

    LearningPath(int number, String slug, String title) {
        this.number = number;
        this.slug = slug;
        this.title = title;
    }

    /** 1-based position in the learning path. */
    public int number() {
        return number;
    }

    /** The tag of its tests and the name a student types: {@code ./grade circuit-breaker}. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** Its instructions folder under {@code exercises/instructions}, e.g. {@code 01-circuit-breaker}. */
    public String instructionsFolder() {
        return String.format("%02d-%s", number, slug);
    }

    public static Optional<LearningPath> bySlug(String slug) {
        return Arrays.stream(values()).filter(e -> e.slug.equals(slug)).findFirst();
    }
}
