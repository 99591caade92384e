/** The service registry, health checks, load balancing and outlier detection; {@code internal} is not exported. */
module dev.microlab.registry {
    requires transitive dev.microlab.core;
    // HealthProbe.http and OutcomeClassifier take the JDK's HTTP client types.
    requires transitive java.net.http;
    requires org.slf4j;
    // Optional: only IstioConfig reads YAML; a user who loads Istio YAML adds jackson-dataformat-yaml.
    requires static com.fasterxml.jackson.core;
    requires static com.fasterxml.jackson.dataformat.yaml;

    exports dev.microlab.registry;
}
