package dev.microlab.gateway;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Shared helpers of the gateway's HTTP tests: loopback, ephemeral ports, one client. */
final class GatewayTestSupport {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private GatewayTestSupport() {
    }

    /** Sends {@code method path} to the gateway with header name/value pairs. */
    static HttpResponse<String> send(ApiGateway gateway, String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
