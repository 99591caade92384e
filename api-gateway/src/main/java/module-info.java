/**
 * The API gateway that runs Kong's kong.yml; {@code dev.microlab.gateway.internal} is not exported.
 * Its builder takes a circuit breaker's, the registry's, Micrometer's and the tracing's types, so
 * those modules come with it; the YAML parser, the JWT library and the JDK's HTTP server do not.
 */
// Micrometer has no module-info, only its Automatic-Module-Name (micrometer.core).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.microlab.gateway {
    requires transitive dev.microlab.circuitbreaker;
    requires transitive dev.microlab.registry;
    requires transitive dev.microlab.observability;
    requires transitive micrometer.core;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.nimbusds.jose.jwt;
    requires io.opentelemetry.api;
    requires io.opentelemetry.context;
    requires java.net.http;
    requires jdk.httpserver;
    requires org.slf4j;

    exports dev.microlab.gateway;
}
