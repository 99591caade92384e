package dev.microlab.eventstore.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of the test PostgreSQL that can break one connection exactly at its
 * COMMIT: either before the server gets it, or after the server has answered it (the client then
 * never learns that it committed). Its URL disables TLS and server-side prepared statements, so
 * that every COMMIT crosses it as text.
 */
final class CuttingProxy implements AutoCloseable {

    enum Cut { NONE, BEFORE_COMMIT, AFTER_COMMIT }

    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final AtomicReference<Cut> armed = new AtomicReference<>(Cut.NONE);
    private final CountDownLatch cutDone = new CountDownLatch(1);
    private volatile boolean closed;

    CuttingProxy() throws IOException {
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/").matcher(PostgresTestDatabase.URL);
        if (!m.find()) {
            throw new IllegalStateException("cannot find host and port in " + PostgresTestDatabase.URL);
        }
        targetHost = m.group(1);
        targetPort = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A JDBC URL that goes through the proxy. */
    String url() {
        String db = PostgresTestDatabase.URL.replaceFirst("^jdbc:postgresql://[^/]+/", "").replaceFirst("\\?.*$", "");
        return "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/" + db + "?sslmode=disable&prepareThreshold=0";
    }

    /** Breaks the next connection that sends COMMIT, the given way. */
    void arm(Cut cut) {
        armed.set(cut);
    }

    /** Whether the armed cut happened. */
    boolean cutHappened() {
        return cutDone.getCount() == 0;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                Connection conn = new Connection(client, upstream);
                start(() -> conn.clientToServer(), "proxy-c2s");
                start(() -> conn.serverToClient(), "proxy-s2c");
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean swallowNextResponse;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void clientToServer() {
            byte[] buf = new byte[65536];
            try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    Cut cut = armed.get();
                    if (cut != Cut.NONE && contains(buf, n, COMMIT) && armed.compareAndSet(cut, Cut.NONE)) {
                        if (cut == Cut.BEFORE_COMMIT) {
                            closeBoth();
                            cutDone.countDown();
                            return;
                        }
                        swallowNextResponse = true;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed
            } finally {
                closeBoth();
            }
        }

        void serverToClient() {
            byte[] buf = new byte[65536];
            try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (swallowNextResponse) {
                        // the server has committed and answered; the client never hears it
                        closeBoth();
                        cutDone.countDown();
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed
            } finally {
                closeBoth();
            }
        }

        private void closeBoth() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                upstream.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static boolean contains(byte[] buf, int n, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= n; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
