/** The circuit breaker; {@code dev.microlab.circuitbreaker.internal} is not exported. */
module dev.microlab.circuitbreaker {
    requires transitive dev.microlab.core;
    requires org.slf4j;

    exports dev.microlab.circuitbreaker;
}
