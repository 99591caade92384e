/** Metrics (Micrometer), traces (OpenTelemetry) and correlation ids for every pattern module. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.microlab.observability {
    requires transitive dev.microlab.circuitbreaker;
    requires transitive dev.microlab.registry;
    requires transitive dev.microlab.cqrs;
    requires transitive dev.microlab.saga;
    requires transitive dev.microlab.messaging;
    requires transitive micrometer.core;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;
    // Optional: PrometheusEndpoint takes a PrometheusMeterRegistry, for those who have it.
    requires static transitive micrometer.registry.prometheus;
    requires static transitive io.prometheus.metrics.tracer.common;
    requires static io.prometheus.metrics.model;
    requires jdk.httpserver;
    requires org.slf4j;

    exports dev.microlab.observability;
}
