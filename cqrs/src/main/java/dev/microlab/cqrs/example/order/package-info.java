/**
 * The course's order, done properly: an event-sourced {@link dev.microlab.cqrs.example.order.Order}
 * aggregate (create, add item, remove item, confirm, cancel) with its invariants, money in
 * minor units, its commands and handlers, a read model of order summaries fed by a projection,
 * and a query. The tests and the guide ({@code docs/cqrs.md}) use it; copy it as a template.
 */
package dev.microlab.cqrs.example.order;
