/**
 * Implementation details of the service registry: load-balancer implementations, the renewal
 * meter, per-instance pools. Nothing outside the module may use this package.
 */
package dev.microlab.registry.internal;
