package jp.kanmin.ops.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mongo-java-server's H2 backend, made to keep its word: a write is committed and synced to disk before its
 * acknowledgement leaves the server.
 * <p>
 * As shipped, the backend relies on MVStore's auto-commit, which runs up to a second after a write, so a
 * {@code kill -9} loses writes the client already saw acknowledged. Here every write command ends with a commit and
 * an fsync. Concurrent writers share one sync (group commit): a writer whose change is already covered by another
 * thread's sync returns without syncing again.
 * <p>
 * A write that waived the journal ({@code j: false}) is not synced on its own: it reaches the disk with the next
 * synced write, since an MVStore commit stores every change made before it.
 */
public class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "drop", "create",
            "dropdatabase", "renamecollection", "bulkwrite");

    private final MVStore store;
    private final AtomicLong writesCompleted = new AtomicLong();
    private final Object syncLock = new Object();
    private long writesDurable;

    public DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    public static DurableH2Backend open(String fileName) {
        return new DurableH2Backend(new MVStore.Builder().fileName(fileName).open());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document response = super.handleCommand(channel, databaseName, command, query);
        if (WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT)) && !journalWaived(query)) {
            makeDurable(writesCompleted.incrementAndGet());
        }
        return response;
    }

    /**
     * Like MongoDB, a write whose write concern says {@code j: false} is acknowledged without waiting for the disk;
     * it becomes durable with the next synced write. Every other write waits, whatever the client asked.
     */
    private static boolean journalWaived(Document command) {
        return command.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
    }

    private void makeDurable(long ticket) {
        synchronized (syncLock) {
            if (writesDurable >= ticket) {
                return;
            }
            // Every write numbered up to here has finished in memory, so this commit contains it.
            long covered = writesCompleted.get();
            store.commit();
            store.sync();
            writesDurable = covered;
        }
    }
}
