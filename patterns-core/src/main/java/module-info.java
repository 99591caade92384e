/**
 * microlab's core: time, events, retry and backoff, bulkhead, rate limiter, timeout. Every package
 * but {@code dev.microlab.core.internal} is API; the internal one is exported only to the microlab
 * modules that share its helpers (a qualified export, as the JDK shares {@code jdk.internal.*}), so
 * on the module path no user can come to depend on it.
 */
// "module": the friends of the qualified export are not on the module path when core is compiled.
@SuppressWarnings("module")
module dev.microlab.core {
    requires org.slf4j;

    exports dev.microlab.core.bulkhead;
    exports dev.microlab.core.event;
    exports dev.microlab.core.function;
    exports dev.microlab.core.policy;
    exports dev.microlab.core.ratelimiter;
    exports dev.microlab.core.retry;
    exports dev.microlab.core.secrets;
    exports dev.microlab.core.time;
    exports dev.microlab.core.timeout;
    // Keep this list equal to ModuleMap.CORE_INTERNAL_USERS (docs' ModuleMapTest compares them).
    exports dev.microlab.core.internal to
            dev.microlab.circuitbreaker,
            dev.microlab.cqrs,
            dev.microlab.eventstore,
            dev.microlab.registry,
            dev.microlab.saga;
}
