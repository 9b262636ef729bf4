package jp.kanmin.ops.bench.micro;

import jp.kanmin.ops.config.AxonConfiguration;
import jp.kanmin.shared.incident.IncidentId;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.participation.ParticipationEvent.StaffSafetyReported;
import jp.kanmin.shared.participation.ParticipationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Every event is written once and read back by every processor and every replay: a staff-safety report through the
 * event serializer the store uses, beside plain Jackson on the same record (the floor: what Axon's wrapping adds).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventSerialisationBenchmark {

    private Serializer serializer;
    private JsonMapper plain;
    private StaffSafetyReported event;
    private SerializedObject<byte[]> serialized;
    private byte[] plainBytes;

    @Setup
    public void setUp() {
        serializer = Jackson3Serializer.builder().jsonMapperBuilderCustomizer(AxonConfiguration.jsonCustomizer())
                                       .build();
        plain = JsonMapper.builder().build();
        event = new StaffSafetyReported(
                new ParticipationId(IncidentId.of("6f1c2d3e-0000-4000-8000-000000000001"),
                                    OrganisationId.of("osadano-park")),
                ReportId.derivedFrom("bench"), 3, new ReportContent.StaffSafety(182, 2, 0, 3, 170),
                new ReportFacts(Instant.parse("2026-11-20T06:26:00Z"), false, null,
                                "団地内企業 12社中 10社から回答。2社未確認。", new Area("長田野", 35.27, 135.13, null)));
        serialized = serializer.serialize(event, byte[].class);
        plainBytes = plain.writeValueAsBytes(event);
    }

    @Benchmark
    public SerializedObject<byte[]> serialise() {
        return serializer.serialize(event, byte[].class);
    }

    @Benchmark
    public Object deserialise() {
        return serializer.deserialize(serialized);
    }

    @Benchmark
    public byte[] plainJacksonWrite() {
        return plain.writeValueAsBytes(event);
    }

    @Benchmark
    public Object plainJacksonRead() {
        return plain.readValue(plainBytes, StaffSafetyReported.class);
    }
}
