package jp.kanmin.ops.bench.micro;

import jp.kanmin.shared.exchange.Cadence;
import jp.kanmin.shared.exchange.CadenceSchedule;
import jp.kanmin.shared.exchange.SharingCadences;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * 共有頻度: the slots of a sharing obligation, computed for every sharing an organisation posts (the aggregate
 * checks which slot it meets) and for every exchange board an HQ opens. The cadence with the most bands of the
 * default plans, some days or weeks into the incident.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CadenceSlotsBenchmark {

    @Param({"3", "30"})
    public int daysSinceZeroHour;

    private Instant zeroHour;
    private Instant now;
    private List<CadenceSchedule.Segment> segments;

    @Setup
    public void setUp() {
        Cadence richest = SharingCadences.defaults().all().stream()
                                         .max(Comparator.comparingInt(cadence -> cadence.bands().size()))
                                         .orElseThrow();
        zeroHour = Instant.parse("2026-11-20T05:46:00Z");
        now = zeroHour.plus(Duration.ofDays(daysSinceZeroHour));
        segments = List.of(new CadenceSchedule.Segment(zeroHour, richest.bands()));
    }

    /** What the aggregate asks when a sharing arrives: the slots so far and the one open now. */
    @Benchmark
    public List<CadenceSchedule.Slot> slotsAndNext() {
        return CadenceSchedule.slotsAndNext(zeroHour, segments, now);
    }

    /** What the exchange board asks: every slot so far, met or not. */
    @Benchmark
    public List<CadenceSchedule.Slot> slotsSoFar() {
        return CadenceSchedule.slots(zeroHour, segments, now);
    }
}
