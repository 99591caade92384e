package dev.microlab.cqrs;

/**
 * Handles one command type: usually load an aggregate, call one business method, save.
 *
 * <pre>{@code
 * bus.register(ConfirmOrderCommand.class,
 *         m -> orders.update(m.payload().orderId(), m, Order::confirm));
 * }</pre>
 *
 * <p>A handler may run on several threads at once (one per command); keep it stateless and
 * let the aggregate repository's optimistic concurrency settle conflicts. Implementations must
 * be threadsafe.
 *
 * @param <C> the command type
 */
@FunctionalInterface
public interface CommandHandler<C> {

    /**
     * Handles the command.
     *
     * @return what was written
     * @throws DomainException if a business rule refuses the command
     * @throws dev.microlab.eventstore.WrongExpectedVersionException if another command wrote the
     *         aggregate first
     * @throws Exception for anything else
     */
    CommandResult handle(CommandMessage<C> message) throws Exception;
}
