/**
 * The reference shop: four services — order, inventory, payment, shipping — each with a public
 * {@code api} package and an {@code internal} implementation that owns its data. {@link
 * dev.microlab.docs.shop.Shop} (the composition root) wires them; {@code ShopBoundariesTest}
 * applies {@link dev.microlab.docs.architecture.ServiceBoundaryRules} to this package in the build.
 */
package dev.microlab.docs.shop;
