package jp.kanmin.ops.bench;

import jp.kanmin.ops.store.EmbeddedStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The in-memory store in a JVM of its own, as a real MongoDB would be: the benchmark's heap then holds the
 * application and its clients only, not the events, so "heap after GC" means what the application keeps.
 */
public final class StoreProcess implements AutoCloseable {

    private static final String READY = "store listening at ";

    private final Process process;
    private final String uri;

    private StoreProcess(Process process, String uri) {
        this.process = process;
        this.uri = uri;
    }

    /** Started with this JVM's class path; its heap as large as the events need. */
    public static StoreProcess start() {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            // a million events, their read models and a rebuild's shadow copy outgrew 12 GiB (the store died mid-run)
            String heap = System.getProperty("kanmin.bench.store-heap", "18g");
            java.io.File log = Path.of(System.getProperty("java.io.tmpdir"), "kanmin-bench-store.log").toFile();
            // The in-memory store keeps each document as maps of Java strings: at a million events with the report
            // history beside its threads, 17 million documents and 137 million strings filled 18 GiB and the store
            // spent seconds per collection (jcmd GC.class_histogram). Smaller headers and shared string bytes make
            // room on this 24 GiB machine; MongoDB keeps BSON and does not have this cost.
            List<String> command = new ArrayList<>(List.of(javaBinary.toString(), "-Xmx" + heap,
                                                           "-XX:+ExitOnOutOfMemoryError", "-XX:+UseCompactObjectHeaders",
                                                           "-XX:+UseStringDeduplication"));
            // e.g. a flight recording of the store's side of a run
            String options = System.getProperty("kanmin.bench.store-jvm-options", "").trim();
            if (!options.isEmpty()) {
                command.addAll(List.of(options.split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), StoreProcess.class.getName()));
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log)).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                          StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(READY)) {
                    // the store logs to its output: keep reading it, or a full pipe would stall the store
                    Thread.ofPlatform().daemon().start(() -> {
                        try {
                            out.transferTo(java.io.Writer.nullWriter());
                        } catch (IOException ended) {
                            // the store process has gone
                        }
                    });
                    return new StoreProcess(process, line.substring(READY.length()).trim());
                }
            }
            throw new IllegalStateException("the store process ended before it listened: exit " + process.waitFor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the in-memory store until its parent ends it (or its standard input closes). */
    public static void main(String[] args) throws IOException {
        EmbeddedStore store = EmbeddedStore.inMemory();
        System.out.println(READY + store.uri());
        System.out.flush();
        // the parent's end of our input closes when it dies, however it dies
        System.in.transferTo(OutputStream.nullOutputStream());
        store.close();
        System.exit(0);
    }
}
