package jp.kanmin.ops.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The packaged application ({@code ops/target/kanmin-timeline.jar}) as a separate OS process on the embedded
 * persistent store, as a user starts it, so that it can be killed with SIGKILL.
 */
public final class ApplicationProcess implements AutoCloseable {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path dataDirectory;

    private ApplicationProcess(Process process, int port, Path dataDirectory) {
        this.process = process;
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /**
     * A node on a store that someone else runs, with {@code adminToken} as its bootstrap administrator token: what a
     * server behind a load balancer is. Its log is {@code logName.log} beside {@code workDirectory}.
     */
    public static ApplicationProcess node(String storeUri, String database, Path workDirectory, String logName,
                                          String adminToken, String... arguments) {
        List<String> all = new ArrayList<>(List.of("--kanmin.store.uri=" + storeUri,
                                                   "--kanmin.store.database=" + database,
                                                   "--kanmin.bootstrap-admin-token=" + adminToken,
                                                   "--kanmin.sample-data.enabled=false"));
        all.addAll(List.of(arguments));
        return start(workDirectory, logName, false, all.toArray(String[]::new));
    }

    public static ApplicationProcess start(Path dataDirectory, String logName, String... arguments) {
        return start(dataDirectory, logName, true, arguments);
    }

    private static ApplicationProcess start(Path dataDirectory, String logName, boolean sampleTokens,
                                            String... arguments) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString(),
                "--server.port=" + port, "--kanmin.store.data-dir=" + dataDirectory));
        command.addAll(List.of(arguments));
        try {
            Files.createDirectories(dataDirectory);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dataDirectory.resolveSibling(logName + ".log").toFile()))
                    .start();
            ApplicationProcess app = new ApplicationProcess(process, port, dataDirectory);
            app.awaitHealthy(Duration.ofSeconds(90), sampleTokens);
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path jar() {
        Path jar = Path.of("target", "kanmin-timeline.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: process tests run after 'package' (mvn verify)");
        }
        return jar;
    }

    private void awaitHealthy(Duration timeout, boolean sampleTokens) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("application exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(uri("/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && (!sampleTokens || Files.exists(dataDirectory.resolve("tokens.txt")))
                        && health.body().contains("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("application did not become healthy within " + timeout);
    }

    /** The sample tokens the embedded mode wrote, by organisation (and "admin"). */
    public Map<String, String> tokens() {
        try {
            return Files.readAllLines(dataDirectory.resolve("tokens.txt")).stream()
                        .filter(line -> !line.startsWith("#") && line.contains("="))
                        .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                                                  line -> line.substring(line.indexOf('=') + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(30),
                                     java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
