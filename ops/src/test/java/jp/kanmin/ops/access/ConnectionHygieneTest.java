package jp.kanmin.ops.access;

import jp.kanmin.ops.testing.RunningApplication;
import jp.kanmin.ops.testing.TestStore;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.organisation.OrganisationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that opens connections and sends nothing, or drips its headers, cannot make the node unreachable: one
 * address holds at most its share of connections (the rest are refused with a problem at once), headers must arrive
 * in time, idle connections are closed, and meanwhile the health endpoint and a normal client from elsewhere answer.
 * The limits are set low here (200 per address) so that "the cap plus 100" fits this machine's file limit; the
 * defaults are in ops/docs/operations.md.
 */
class ConnectionHygieneTest {

    static final int PER_ADDRESS = 200;
    static final InetAddress FLOODER = loopback("127.0.0.1");
    static final InetAddress NEIGHBOUR = loopback("127.0.0.2");

    static RunningApplication node;
    static String memberToken;

    @BeforeAll
    static void startNode() {
        node = RunningApplication.node(TestStore.uri(), "kanmin-connections-" + UUID.randomUUID(),
                                       "kanmin.limits.connections-per-address=" + PER_ADDRESS,
                                       "kanmin.limits.connections=1000", "kanmin.limits.header-timeout=2s",
                                       "server.netty.idle-timeout=4s");
        OrganisationId city = node.api().register("city", OrganisationType.MUNICIPALITY);
        memberToken = node.api().token(city);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void oneAddressHoldingItsLimitOfIdleConnectionsLeavesTheNodeAnsweringEveryoneElse() throws Exception {
        List<Socket> held = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        Thread.sleep(5_000); // the set-up's pooled client connection from this address is closed as idle first
        try {
            for (int i = 0; i < PER_ADDRESS + 100; i++) {
                Socket socket = connectFrom(FLOODER);
                held.add(socket);
            }
            // the node answers the connections beyond the limit at once, without waiting for a request (which ones
            // depends on the order its event loops accept them in)
            List<Socket> admitted = new ArrayList<>();
            for (Socket socket : held) {
                String answer = readAll(socket, Duration.ofMillis(200));
                if (answer.isEmpty()) {
                    admitted.add(socket);
                } else {
                    refusals.add(answer);
                }
            }
            assertThat(admitted).hasSize(PER_ADDRESS);
            assertThat(refusals).hasSize(100).allSatisfy(answer -> assertThat(answer)
                    .startsWith("HTTP/1.1 503").contains("application/problem+json")
                    .contains("urn:kanmin:problem:too-many-connections").containsIgnoringCase("retry-after:"));

            assertThat(get(NEIGHBOUR, "/actuator/health", null).statusCode()).isEqualTo(200);
            HttpResponse<String> api = get(NEIGHBOUR, "/api/incidents", memberToken);
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.body()).startsWith("[");

            // the held connections sent nothing: the node closes them once they have been idle too long
            for (Socket socket : admitted.subList(0, 5)) {
                assertThat(readAll(socket, Duration.ofSeconds(10))).as("closed without an answer").isEmpty();
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        // and the flooding address may connect again
        assertThat(get(FLOODER, "/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void headersDrippedSlowerThanTheHeaderTimeoutAreAnswered408AndTheConnectionClosed() throws Exception {
        try (Socket socket = connectFrom(NEIGHBOUR)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = "";
            for (int i = 0; i < 6 && answer.isEmpty(); i++) {
                Thread.sleep(700);
                try {
                    out.write("X-Drip: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                socket.setSoTimeout(10);
                answer = readAll(socket, Duration.ofMillis(10));
            }
            if (answer.isEmpty()) {
                answer = readAll(socket, Duration.ofSeconds(3));
            }
            assertThat(answer).startsWith("HTTP/1.1 408").contains("urn:kanmin:problem:header-timeout");
        }
    }

    private static Socket connectFrom(InetAddress local) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(local, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port()), 5_000);
        return socket;
    }

    /** Everything the server sends until it closes the connection or {@code within} passes with nothing more. */
    private static String readAll(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder read = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (java.net.SocketTimeoutException quiet) {
            // nothing more for now
        } catch (java.net.SocketException reset) {
            // closed by the server
        }
        return read.toString();
    }

    private static HttpResponse<String> get(InetAddress from, String path, String token) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().localAddress(from).connectTimeout(Duration.ofSeconds(5))
                                           .build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                                                     .timeout(Duration.ofSeconds(10));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
