package jp.kanmin.ops.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded store orders unique-index keys. mongo-java-server's H2 backend keeps its indexes in MVStore maps
 * of the default {@link ObjectDataType}, which compares a key it does not know (its {@code KeyValue}) by serialising
 * both sides with Java serialisation at every step of every B-tree search: a profile of the burst benchmark found
 * 62 % of the node's CPU there. Keys are compared here by their values, in MongoDB's order; they are still stored as
 * before.
 */
final class IndexKeyOrder extends ObjectDataType {

    static final IndexKeyOrder INSTANCE = new IndexKeyOrder();

    private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue x && b instanceof KeyValue y) {
            int sizes = Integer.compare(x.size(), y.size());
            if (sizes != 0) {
                return sizes;
            }
            for (int i = 0; i < x.size(); i++) {
                int values = VALUES.compare(x.get(i), y.get(i));
                if (values != 0) {
                    return values;
                }
            }
            return 0;
        }
        return super.compare(a, b);
    }
}
