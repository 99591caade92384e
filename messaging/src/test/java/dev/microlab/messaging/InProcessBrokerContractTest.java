package dev.microlab.messaging;

import dev.microlab.core.time.ManualScheduler;
import dev.microlab.core.time.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

/** The broker contract on the in-process broker, with time on a manual clock. */
@DisplayName("InProcessBroker (contract)")
class InProcessBrokerContractTest extends BrokerContract {

    private final ManualTimeSource time = new ManualTimeSource();
    private final ManualScheduler scheduler = new ManualScheduler(time);
    private final InProcessBroker broker = InProcessBroker.builder().timeSource(time).scheduler(scheduler).build();

    @Override
    protected Broker broker() {
        return broker;
    }

    @Override
    protected void letTimePass(Duration amount) {
        scheduler.advance(amount);
    }

    @Override
    protected void afterCleanUp() {
        broker.close();
    }
}
