/**
 * The course's order flow (validate order, reserve inventory, process payment, ship) built
 * twice over the same services: once <b>orchestrated</b> by a {@link dev.microlab.saga.SagaOrchestrator}
 * ({@link dev.microlab.examples.saga.OrchestratedOrderSaga}), once <b>choreographed</b> by
 * events between the services through the event store's subscriptions
 * ({@link dev.microlab.examples.saga.ChoreographedOrderFlow}). The guide ({@code docs/saga.md})
 * compares them.
 */
package dev.microlab.examples.saga;
