/**
 * The course's order, done properly on {@code cqrs}: an event-sourced
 * {@link dev.microlab.examples.order.Order} aggregate (create, add item, remove item, confirm,
 * cancel) with its invariants, money in minor units, its commands and handlers, a read model of
 * order summaries fed by a projection, and a query. The guide ({@code docs/cqrs.md}), the catalog's
 * CQRS scenario and the command-to-projection benchmark use it; copy it as a template.
 */
package dev.microlab.examples.order;
