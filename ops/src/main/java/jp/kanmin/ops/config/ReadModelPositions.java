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
        Optional<StreamingEventProcessor> processor =
                processing.eventProcessor(processorName, StreamingEventProcessor.class);
        if (processor.isEmpty()) {
            throw new IllegalArgumentException("no event processor " + processorName);
        }
        Map<Integer, EventTrackerStatus> local = processor.get().processingStatus();
        double covered = 0;
        for (EventTrackerStatus status : local.values()) {
            if (!covers(status.getTrackingToken(), position)) {
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
            if (!covers(tokenOf(stored), position)) {
                return false;
            }
        }
        return any || covered > 0;
    }

    @Override
    public long handledThrough(String processorName) {
        Optional<StreamingEventProcessor> processor =
                processing.eventProcessor(processorName, StreamingEventProcessor.class);
        if (processor.isEmpty()) {
            return -1;
        }
        Map<Integer, EventTrackerStatus> local = processor.get().processingStatus();
        long through = Long.MAX_VALUE;
        double covered = 0;
        for (EventTrackerStatus status : local.values()) {
            through = Math.min(through, handledThrough(status.getTrackingToken()));
            covered += 1.0 / (status.getSegment().getMask() + 1);
        }
        if (Math.abs(covered - 1.0) > 1e-9) {
            for (Document stored : tokens.find(eq("processorName", processorName))) {
                Integer segment = stored.getInteger("segment");
                if (segment != null && !local.containsKey(segment)) {
                    through = Math.min(through, handledThrough(tokenOf(stored)));
                }
            }
        }
        return through == Long.MAX_VALUE ? -1 : through;
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
