package jp.kanmin.ops.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A non-unique index for the embedded store, which mongo-java-server leaves out ("adding secondary index … is not
 * yet implemented. ignoring"), so that a query on an incident's book or on due deadlines reads the entries it asks
 * for instead of every document the store has ever held. Each entry is the indexed values followed by the document's
 * position, kept in value order ({@link IndexKeyOrder}); a query is served when it fixes a leading run of the index's
 * fields by equality (or {@code $in}), optionally followed by a range ({@code $lt}, {@code $lte}, {@code $gt},
 * {@code $gte}) on the next field. The collection checks every document the index returns against the whole query,
 * so the index may return more than matches, never less.
 */
final class DurableSecondaryIndex extends Index<Object> {

    private static final String ID = "_id";
    private static final int MAX_PROBES = 1_000;

    private final MVMap<KeyValue, Boolean> entries;

    DurableSecondaryIndex(MVMap<KeyValue, Boolean> entries, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.entries = entries;
    }

    // ------------------------------------------------------------------------------------------- maintenance

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        if (skipped(document)) {
            return;
        }
        for (KeyValue key : getKeyValues(document)) {
            entries.put(withPosition(key, position), Boolean.TRUE);
        }
    }

    @Override
    public Object remove(Document document) {
        Object position = positionOf(document);
        if (skipped(document)) {
            return null;
        }
        for (KeyValue key : getKeyValues(document)) {
            entries.remove(withPosition(key, position));
        }
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
                              MongoCollection<Object> collection) {
        if (nullAwareEqualsKeys(oldDocument, newDocument)) {
            return;
        }
        if (!skipped(oldDocument)) {
            for (KeyValue key : getKeyValues(oldDocument)) {
                entries.remove(withPosition(key, position));
            }
        }
        add(newDocument, position, collection);
    }

    /** A sparse index leaves out documents with none of its fields, as MongoDB does. */
    private boolean skipped(Document document) {
        return isSparse() && keys().stream().allMatch(key -> Missing.isNullOrMissing(
                Utils.getSubdocumentValueCollectionAware(document, key)));
    }

    /** Where the collection keeps the document: its id (as mongo-java-server's H2 collections do). */
    private static Object positionOf(Document document) {
        return Missing.ofNullable(document.get(ID));
    }

    private static KeyValue withPosition(KeyValue key, Object position) {
        List<Object> values = new ArrayList<>(key.size() + 1);
        key.forEach(values::add);
        values.add(position);
        return new KeyValue(values);
    }

    // ------------------------------------------------------------------------------------------------ queries

    @Override
    public Object getPosition(Document document) {
        return null; // not unique: it does not identify a document
    }

    @Override
    public boolean canHandle(Document query) {
        return ranges(query) != null;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        List<Range> ranges = ranges(query);
        Set<Object> positions = new LinkedHashSet<>();
        for (Range range : ranges) {
            Iterator<KeyValue> keys = entries.keyIterator(range.from());
            while (keys.hasNext()) {
                KeyValue key = keys.next();
                if (IndexKeyOrder.INSTANCE.compare(key, range.to()) > 0) {
                    break;
                }
                positions.add(key.get(key.size() - 1));
            }
        }
        return positions;
    }

    private record Range(KeyValue from, KeyValue to) {
    }

    /**
     * The key ranges that hold every document the query can match, or null when the query does not fix the index's
     * first field (then the collection reads every document, as before).
     */
    private List<Range> ranges(Document query) {
        Map<String, Object> conditions = flattened(query);
        if (conditions == null) {
            return null;
        }
        List<List<Object>> prefixes = new ArrayList<>();
        prefixes.add(new ArrayList<>());
        Object low = MinKey.getInstance();
        Object high = MaxKey.getInstance();
        int fixed = 0;
        for (String field : keys()) {
            if (!conditions.containsKey(field)) {
                break;
            }
            Object condition = conditions.get(field);
            List<Object> values = equalities(condition);
            if (values != null) {
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> prefix : prefixes) {
                    for (Object value : values) {
                        List<Object> longer = new ArrayList<>(prefix);
                        longer.add(normalized(value));
                        next.add(longer);
                    }
                }
                if (next.size() > MAX_PROBES) {
                    return fixed == 0 ? null : finish(prefixes, fixed, low, high);
                }
                prefixes = next;
                fixed++;
                continue;
            }
            Object[] bounds = bounds(condition);
            if (bounds != null) {
                low = bounds[0];
                high = bounds[1];
                return finish(prefixes, fixed, low, high, true);
            }
            break;
        }
        return fixed == 0 ? null : finish(prefixes, fixed, low, high);
    }

    private List<Range> finish(List<List<Object>> prefixes, int fixed, Object low, Object high) {
        return finish(prefixes, fixed, low, high, false);
    }

    /** Each prefix, then the range on the next field if there is one, then everything for the rest. */
    private List<Range> finish(List<List<Object>> prefixes, int fixed, Object low, Object high, boolean ranged) {
        int fields = keys().size();
        List<Range> ranges = new ArrayList<>();
        for (List<Object> prefix : prefixes) {
            List<Object> from = new ArrayList<>(prefix);
            List<Object> to = new ArrayList<>(prefix);
            int next = fixed;
            if (ranged) {
                from.add(low);
                to.add(high);
                next++;
            }
            for (int i = next; i <= fields; i++) { // the remaining fields, then the position
                from.add(MinKey.getInstance());
                to.add(MaxKey.getInstance());
            }
            ranges.add(new Range(new KeyValue(from), new KeyValue(to)));
        }
        return ranges;
    }

    /** The values an equality or {@code $in} condition allows, or null for any other condition. */
    private static List<Object> equalities(Object condition) {
        if (!(condition instanceof Document operators)) {
            return condition instanceof Collection<?> ? null : List.of(Missing.isNullOrMissing(condition)
                    ? Missing.getInstance() : condition);
        }
        if (operators.size() == 1 && operators.containsKey("$in") && operators.get("$in") instanceof Collection<?> in
                && !in.isEmpty() && in.stream().noneMatch(v -> v instanceof Collection<?> || v instanceof Document
                || v == null)) {
            return new ArrayList<>(in);
        }
        if (operators.size() == 1 && operators.containsKey("$eq") && !(operators.get("$eq") instanceof Document)
                && !(operators.get("$eq") instanceof Collection<?>)) {
            return List.of(operators.get("$eq"));
        }
        return null;
    }

    /** Inclusive bounds for a range condition (the collection's own check makes them exact), or null. */
    private static Object[] bounds(Object condition) {
        if (!(condition instanceof Document operators) || operators.isEmpty()) {
            return null;
        }
        Object low = MinKey.getInstance();
        Object high = MaxKey.getInstance();
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            Object value = operator.getValue();
            if (value == null || value instanceof Document || value instanceof Collection<?>) {
                return null;
            }
            switch (operator.getKey()) {
                case "$lt", "$lte" -> high = normalized(value);
                case "$gt", "$gte" -> low = normalized(value);
                default -> {
                    return null;
                }
            }
        }
        return new Object[]{low, high};
    }

    /** The query's conditions by field, with a top-level {@code $and} of single conditions merged; null otherwise. */
    private static Map<String, Object> flattened(Document query) {
        Map<String, Object> conditions = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            if (entry.getKey().equals("$and") && entry.getValue() instanceof Collection<?> parts) {
                for (Object part : parts) {
                    if (!(part instanceof Document document)) {
                        return null;
                    }
                    for (Map.Entry<String, Object> condition : document.entrySet()) {
                        if (condition.getKey().startsWith("$")
                                || conditions.putIfAbsent(condition.getKey(), condition.getValue()) != null) {
                            return null;
                        }
                    }
                }
            } else if (entry.getKey().startsWith("$")) {
                return null;
            } else if (conditions.putIfAbsent(entry.getKey(), entry.getValue()) != null) {
                return null;
            }
        }
        return conditions;
    }

    /** A value as the index stores it (mongo-java-server's normalisation, reached through its public API). */
    private static Object normalized(Object value) {
        return new KeyValue(java.util.Collections.singletonList(value)).normalized().get(0);
    }

    // ------------------------------------------------------------------------------------------------ the rest

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        entries.clear();
    }
}
