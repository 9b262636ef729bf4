package jp.kanmin.ops.testing;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Work started on many threads at the same instant, as impatient users and retrying phones do. */
public final class Concurrently {

    private Concurrently() {
    }

    public static <T> List<T> atOnce(int threads, IntFunction<T> work) {
        CountDownLatch start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = IntStream.range(0, threads).mapToObj(i -> pool.submit(() -> {
                start.await();
                return work.apply(i);
            })).toList();
            start.countDown();
            return futures.stream().map(future -> {
                try {
                    return future.get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }
}
