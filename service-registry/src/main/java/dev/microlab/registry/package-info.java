/**
 * Service discovery and client-side traffic management, in process: a registry with Eureka's
 * leases and self-preservation and Consul's health checks and blocking queries
 * ({@link dev.microlab.registry.ServiceRegistry}), load balancers
 * ({@link dev.microlab.registry.LoadBalancer}), Envoy's outlier detection
 * ({@link dev.microlab.registry.OutlierDetector}), Istio-style subsets and routes
 * ({@link dev.microlab.registry.TrafficRouter}), per-instance connection-pool limits, and the
 * {@link dev.microlab.registry.ServiceClient} that chains them on every call.
 *
 * <p>Everything time-based reads an injected {@code TimeSource} and runs on an injected
 * {@code Scheduler}; everything random draws from an injected {@code RandomGenerator}. The guide
 * is {@code docs/service-registry.md}.
 */
package dev.microlab.registry;
