package dev.microlab.messaging;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The child JVM of {@link InProcessBrokerCrashTest}: publishes to a durable queue as fast as it
 * can, acking some messages and leaving others delivered but unacked, and prints each fact only
 * after the broker has confirmed it. The parent kills it with SIGKILL at a random moment.
 */
public final class CrashTestBroker {

    private CrashTestBroker() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        try (InProcessBroker broker = InProcessBroker.builder().dataDirectory(dir).build()) {
            broker.declareQueue(QueueSpec.durable("work"));
            for (int i = 0; ; i++) {
                if (broker.publish("", "work", Message.ofText("m" + i)) == PublishOutcome.CONFIRMED) {
                    System.out.println("CONFIRMED m" + i);
                }
                if (i % 3 == 0) {
                    Optional<Delivery> d = broker.get("work");
                    if (d.isPresent()) {
                        System.out.println("ACKING " + d.get().message().bodyAsText()); // the kill may land in between
                        System.out.flush();
                        d.get().ack();
                        System.out.println("ACKED " + d.get().message().bodyAsText());
                    }
                } else if (i % 5 == 0) {
                    broker.get("work").ifPresent(d -> System.out.println("DELIVERED " + d.message().bodyAsText()));
                }
                System.out.flush();
            }
        }
    }
}
