package jp.kanmin.ops.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * Aggregates kept in memory between commands, up to a number of them, least recently used ones going first. Axon's
 * weak-reference cache lost its entries at every young collection under load (the burst benchmark still sourced an
 * aggregate for nearly every command); this one keeps them until it is full.
 */
final class AggregateCache implements Cache {

    private final ConcurrentMap<Object, Object> entries;

    AggregateCache(long maximumSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build().asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.get(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value) == null;
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.clear();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, value) -> update.apply((V) value));
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return () -> true; // nothing here listens
    }
}
