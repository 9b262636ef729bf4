package jp.kanmin.ops.config;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import jp.kanmin.ops.eventstore.IndexToken;
import jp.kanmin.query.support.ReadModelProgress;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static com.mongodb.client.model.Filters.eq;

/**
 * Whether a read model has handled the store up to a position: each segment of its processor, from this node's own
 * processing status where it holds the segment (up to date with every event it passed, handled or not), otherwise
 * from the token another node stored for it (stored after each batch, and at least once a second while events it
 * does not handle go by).
 */
@Component
public class ReadModelPositions implements ReadModelProgress {

    private final EventProcessingConfiguration processing;
    private final MongoCollection<Document> tokens;
    private final Serializer serializer;

    ReadModelPositions(EventProcessingConfiguration processing, MongoClient client, StoreProperties store,
                       Serializer serializer) {
        this.processing = processing;
        this.tokens = client.getDatabase(store.database()).getCollection("trackingtokens");
        this.serializer = serializer;
    }

    /** Blocking (it may read the token store): call off the event loop. */
    public boolean reached(String processorName, long position) {
        StreamingEventProcessor processor = processing.eventProcessor(processorName, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalArgumentException("no event processor " + processorName));
        return everySegment(processor, processorName, token -> covers(token, position));
    }

    @Override
    public long handledThrough(String processorName) {
        Optional<StreamingEventProcessor> processor =
                processing.eventProcessor(processorName, StreamingEventProcessor.class);
        long[] through = {Long.MAX_VALUE};
        boolean found = processor.isPresent() && everySegment(processor.get(), processorName, token -> {
            through[0] = Math.min(through[0], handledThrough(token));
            return true;
        });
        return found && through[0] != Long.MAX_VALUE ? through[0] : -1;
    }

    /**
     * Hands {@code visit} the token of every segment: this node's own first, then, where those do not cover the whole
     * stream, the ones other nodes stored; stops at the first visit that answers false.
     *
     * @return false when a visit did, or when no segment was found at all
     */
    private boolean everySegment(StreamingEventProcessor processor, String processorName,
                                 Predicate<TrackingToken> visit) {
        Map<Integer, EventTrackerStatus> local = processor.processingStatus();
        double covered = 0;
        for (EventTrackerStatus status : local.values()) {
            if (!visit.test(status.getTrackingToken())) {
                return false;
            }
            covered += 1.0 / (status.getSegment().getMask() + 1);
        }
        if (Math.abs(covered - 1.0) < 1e-9) {
            return true;
        }
        boolean any = false;
        for (Document stored : tokens.find(eq("processorName", processorName))) {
            Integer segment = stored.getInteger("segment");
            if (segment == null || local.containsKey(segment)) {
                continue;
            }
            any = true;
            if (!visit.test(tokenOf(stored))) {
                return false;
            }
        }
        return any || covered > 0;
    }

    /** Below the first gap: an event still in flight there may yet be handled, and change what was read. */
    static long handledThrough(TrackingToken token) {
        TrackingToken lower = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (lower instanceof IndexToken || lower instanceof org.axonframework.eventhandling.GapAwareTrackingToken) {
            IndexToken read = IndexToken.of(lower);
            return read.hasGaps() ? read.gaps().min().orElseThrow() - 1 : read.index();
        }
        return lower == null ? -1 : lower.position().orElse(-1);
    }

    static boolean covers(TrackingToken token, long position) {
        TrackingToken lower = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (lower instanceof IndexToken || lower instanceof org.axonframework.eventhandling.GapAwareTrackingToken) {
            IndexToken read = IndexToken.of(lower);
            return read.index() >= position && !read.isGap(position);
        }
        return lower != null && lower.position().orElse(-1) >= position;
    }

    private TrackingToken tokenOf(Document stored) {
        Object data = stored.get("token");
        if (data == null) {
            return null;
        }
        byte[] bytes = data instanceof Binary binary ? binary.getData() : (byte[]) data;
        return new GenericTokenEntry<>(bytes, stored.getString("tokenType"),
                                       Instant.ofEpochMilli(stored.getLong("timestamp")).toString(),
                                       stored.getString("owner"), stored.getString("processorName"),
                                       stored.getInteger("segment"), byte[].class).getToken(serializer);
    }
}
