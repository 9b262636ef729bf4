package jp.kanmin.ops.plan;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import jp.kanmin.command.plan.PlanCatalogue;
import jp.kanmin.ops.config.StoreProperties;
import jp.kanmin.shared.RuleViolation;
import jp.kanmin.shared.plan.TimelinePlan;
import jp.kanmin.shared.plan.TimelinePlanReader;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Sorts.descending;

/**
 * Timeline plan versions, kept in MongoDB as immutable documents so that every node and every restart reads the
 * version an incident was opened with. The default plans ship in the code; more come from plan files in
 * {@code kanmin.plans.directory} at start-up or from administrators through the API. A plan is validated before it
 * is published, and a version is never published twice with different content.
 */
@Component
public class StoredPlanCatalogue implements PlanCatalogue {

    private static final Logger logger = LoggerFactory.getLogger(StoredPlanCatalogue.class);
    static final String DEFAULT_PLANS = "/plans/default-plans.yaml";

    private final MongoCollection<Document> versions;
    private final Clock clock;
    private final Map<String, TimelinePlan> cache = new ConcurrentHashMap<>();
    private volatile String current;

    StoredPlanCatalogue(MongoClient mongo, StoreProperties store, Clock clock,
                        @Value("${kanmin.plans.directory:}") String directory) {
        this.versions = mongo.getDatabase(store.database()).getCollection("plan_versions");
        this.clock = clock;
        String defaults = readResource();
        publish(defaults, "default plans " + DEFAULT_PLANS);
        if (!directory.isBlank()) {
            planFiles(Path.of(directory)).forEach(file -> publish(read(file), file.toString()));
        }
        refreshCurrent();
        logger.info("Timeline plans: current version {} ({} versions known)", current, versions.countDocuments());
    }

    /** Validates and stores a plan; answers it. Publishing the same content again changes nothing. */
    public TimelinePlan publish(String yaml, String source) {
        TimelinePlan plan = TimelinePlanReader.read(yaml, source);
        Document document = new Document("_id", plan.version()).append("yaml", yaml).append("source", source)
                                                                .append("publishedAt", Date.from(clock.instant()));
        try {
            versions.insertOne(document);
            logger.info("Published timeline plan version {} from {}", plan.version(), source);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document existing = versions.find(eq("_id", plan.version())).first();
            if (existing != null && !yaml.equals(existing.getString("yaml"))) {
                throw RuleViolation.conflict("plan-version-exists", source + ": plan version " + plan.version()
                        + " is already published with different content; give the changed plan a new version");
            }
        }
        cache.put(plan.version(), plan);
        refreshCurrent();
        return plan;
    }

    @Override
    public String currentVersion() {
        return current;
    }

    @Override
    public Optional<TimelinePlan> find(String version) {
        TimelinePlan cached = cache.get(version);
        if (cached != null) {
            return Optional.of(cached);
        }
        Document stored = versions.find(eq("_id", version)).first();
        if (stored == null) {
            return Optional.empty();
        }
        TimelinePlan plan = TimelinePlanReader.read(stored.getString("yaml"), "stored plan " + version);
        cache.put(version, plan);
        return Optional.of(plan);
    }

    public List<Document> published() {
        return versions.find().projection(new Document("yaml", 0)).sort(descending("publishedAt"))
                       .into(new java.util.ArrayList<>());
    }

    /** Another node may publish a newer plan; new incidents everywhere take it within this interval. */
    @Scheduled(fixedDelayString = "${kanmin.plans.refresh:10s}")
    void refreshCurrent() {
        Document newest = versions.find().projection(new Document("_id", 1)).sort(descending("publishedAt")).first();
        if (newest != null) {
            current = newest.getString("_id");
        }
    }

    private static String readResource() {
        try (var in = StoredPlanCatalogue.class.getResourceAsStream(DEFAULT_PLANS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_PLANS + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> planFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                        .sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read plan directory " + directory, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read plan file " + file, e);
        }
    }
}
