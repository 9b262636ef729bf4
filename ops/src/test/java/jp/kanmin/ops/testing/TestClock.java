package jp.kanmin.ops.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus an offset that tests move forward (two hours past zero hour, say) and reset afterwards.
 * One instance per test JVM, like Axon's event clock that follows it.
 */
public final class TestClock extends Clock {

    public static final TestClock INSTANCE = new TestClock();

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozenAt;

    private TestClock() {
    }

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    public void reset() {
        offset = Duration.ZERO;
        frozenAt = null;
    }

    /** Stops the clock, so that a test reads every view at one instant; returns that instant. */
    public synchronized Instant freeze() {
        frozenAt = instant();
        return frozenAt;
    }

    /** Stops the clock at exactly {@code instant}. */
    public synchronized void freezeAt(Instant instant) {
        frozenAt = instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Lets the clock run on from where it stopped. */
    public synchronized void thaw() {
        Instant stoppedAt = frozenAt;
        if (stoppedAt != null) {
            offset = Duration.between(Instant.now(), stoppedAt);
            frozenAt = null;
        }
    }

    @Override
    public Instant instant() {
        Instant stoppedAt = frozenAt;
        // to the millisecond, as the application's own clock
        return stoppedAt != null ? stoppedAt
                : Instant.now().plus(offset).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** Makes the application run on {@link #INSTANCE}. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Configuration {

        @Bean
        @Primary
        Clock testClock() {
            return INSTANCE;
        }
    }
}
