/**
 * microlab's core: time, events, retry and backoff, bulkhead, rate limiter, timeout. Every package
 * but {@code dev.microlab.core.internal} is API; the internal one is not exported, so on the module
 * path no user can come to depend on it.
 */
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
}
