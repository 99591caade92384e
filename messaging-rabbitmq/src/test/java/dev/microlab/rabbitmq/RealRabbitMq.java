package dev.microlab.rabbitmq;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real RabbitMQ the tests run against: {@code MICROLAB_RABBITMQ_URI}, by default
 * {@code amqp://guest:guest@127.0.0.1:5672}. When nothing listens there the tests are skipped
 * with a message saying how to start one, except under {@code CI=true}, where that fails the
 * build: CI must prove the adapter, not skip it.
 */
final class RealRabbitMq {

    static final String DEFAULT_URI = "amqp://guest:guest@127.0.0.1:5672";

    private RealRabbitMq() {
    }

    /** The URI of a reachable RabbitMQ; skips (or, under CI, fails) the calling test if there is none. */
    static String uri() {
        String configured = System.getenv("MICROLAB_RABBITMQ_URI");
        String uri = configured == null || configured.isBlank() ? DEFAULT_URI : configured;
        URI parsed = URI.create(uri);
        String host = parsed.getHost() == null ? "127.0.0.1" : parsed.getHost();
        int port = parsed.getPort() < 0 ? 5672 : parsed.getPort();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            return uri;
        } catch (IOException e) {
            String message = "no RabbitMQ reachable at " + host + ":" + port + " (" + e.getMessage() + "). Start one"
                    + " with `rabbitmq-server -detached` (Debian: apt-get install rabbitmq-server), or point"
                    + " MICROLAB_RABBITMQ_URI at one";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " — under CI=true the RabbitMQ tests must run, so this fails the build");
            }
            Assumptions.abort(message);
            return null;
        }
    }
}
