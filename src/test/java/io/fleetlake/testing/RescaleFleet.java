package io.fleetlake.testing;

import io.fleetlake.connectors.kinesis.KinesisFactory;
import io.fleetlake.connectors.kinesis.KinesisStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The fleet of the Kinesis rescale rehearsal, shared by {@code KinesisRescaleITCase} and {@code
 * local-stack/rehearse-autoscale --source kinesis}: 40 vehicles each sending a breadcrumb (a shadow
 * update, as the fleet's IoT rule writes it to Kinesis) every 2 s of event time over 20 minutes, 3
 * of them driving at 95–114 km/h in 2-minute stretches (4 stretches each, some across the restore
 * at minute 10). Phase 1 is minutes 0–10 (before the savepoint), phase 2 minutes 10–20 (after the
 * restore) with 1 % late events: breadcrumbs of minutes 0–8, whose windows and episodes were closed
 * before the savepoint, a quarter of them speeding samples of a speeder inside one of its past
 * stretches.
 *
 * <p>{@link #check} is what a rescale must keep: the lake holds every produced breadcrumb once, no
 * (spec, window_start, rank) TOP-K row twice, no (alert_id, state) twice, and exactly the speeders'
 * stretches as speeding episodes, each opened and closed once.
 *
 * <pre>
 * RescaleFleet produce ENDPOINT STREAM SHARDS PHASE[:EVENTS_PER_S]   (creates the stream if missing)
 * RescaleFleet check LAKE_DIR                                           (exit 1 when a check fails)
 * RescaleFleet count PHASE | rules                                      (events of a phase | the alert rules)
 * </pre>
 */
public final class RescaleFleet {
    public static final int VEHICLES = 40;
    public static final int[] SPEEDERS = {5, 17, 29};
    public static final long START = 1_735_689_600_000L; // 2025-01-01T00:00:00Z
    static final long PERIOD_MS = 2_000;
    static final long PHASE_MS = 10 * 60_000L;
    static final int LATE_EVERY = 100;
    static final long LATE_UNTIL_MS = 8 * 60_000L;

    /** Each speeder's stretches start at these minutes (plus its index) and last 2 minutes. */
    static final int[] STRETCH_MINUTES = {1, 5, 9, 13};

    static final double LIMIT_KMH = 90;

    /** The alert rule the job runs with: speeding only, so no silent alert depends on wall time. */
    public static final String RULES =
            "[{\"name\":\"speeding\",\"type\":\"speeding\",\"limit-kmh\":90,\"min-duration\":\"10 s\"}]";

    private RescaleFleet() {}

    /** One Kinesis user record: its partition key and payload. */
    public static final class Event {
        public final String partitionKey;
        public final byte[] payload;

        Event(String partitionKey, byte[] payload) {
            this.partitionKey = partitionKey;
            this.payload = payload;
        }
    }

    public static String thing(int v) {
        return String.format(Locale.ROOT, "iotfleet_rsc_%03d", 100 + v);
    }

    static int speederIndex(int v) {
        for (int i = 0; i < SPEEDERS.length; i++) {
            if (SPEEDERS[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** Whether vehicle {@code v} is inside one of its speeding stretches at offset {@code t}. */
    static boolean speeding(int v, long t) {
        int s = speederIndex(v);
        if (s < 0) {
            return false;
        }
        for (int m : STRETCH_MINUTES) {
            long from = (m + s) * 60_000L;
            if (t >= from && t < from + 120_000L) {
                return true;
            }
        }
        return false;
    }

    /** The speeding episodes the job must raise: every stretch of every speeder. */
    public static int expectedEpisodes() {
        return SPEEDERS.length * STRETCH_MINUTES.length;
    }

    public static Set<String> speederThings() {
        Set<String> s = new TreeSet<>();
        for (int v : SPEEDERS) {
            s.add(thing(v));
        }
        return s;
    }

    static Event breadcrumb(int v, long t) {
        long step = t / PERIOD_MS;
        double speed = speeding(v, t) ? 95 + (step * 7 + v) % 20 : 30 + (v * 13L + step * 3) % 50;
        String thing = thing(v);
        String topic = "$aws/things/" + thing + "/shadow/update";
        String json =
                String.format(
                        Locale.ROOT,
                        "{\"thetopic\":\"%s\",\"state\":{\"reported\":{\"thingName\":\"%s\","
                                + "\"latitude\":%.6f,\"longitude\":%.6f,\"speed\":%.1f,\"heading\":\"N\","
                                + "\"ignition\":true,\"ts\":%d}},\"version\":%d}",
                        topic,
                        thing,
                        45.40 + v * 0.005 + (t % 600_000L) * 1e-8,
                        -122.70 + (t / 1_000L) * 1e-5,
                        speed,
                        START + t,
                        step + 1);
        return new Event(topic, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The events of phase 1 (minutes 0–10) or 2 (minutes 10–20, with a late breadcrumb of minutes
     * 0–8 after every 100th), in send order.
     */
    public static List<Event> phase(int phase) {
        if (phase != 1 && phase != 2) {
            throw new IllegalArgumentException("phase is 1 or 2, got " + phase);
        }
        List<Event> events = new ArrayList<>();
        long from = (phase - 1) * PHASE_MS;
        int late = 0;
        for (long t = from; t < from + PHASE_MS; t += PERIOD_MS) {
            for (int v = 0; v < VEHICLES; v++) {
                // Vehicles report staggered within the 2 s period (distinct times per vehicle).
                events.add(breadcrumb(v, t + v * 37L));
                if (phase == 2 && events.size() % LATE_EVERY == 0) {
                    events.add(lateBreadcrumb(late++));
                }
            }
        }
        return events;
    }

    /** The {@code n}-th late breadcrumb: 1 s off the regular grid, in minutes 0–8. */
    static Event lateBreadcrumb(int n) {
        long t;
        int v;
        if (n % 4 == 0) {
            // A speeder inside a stretch that ended before the savepoint.
            int s = (n / 4) % SPEEDERS.length;
            v = SPEEDERS[s];
            int m = STRETCH_MINUTES[(n / 12) % 2];
            t = (m + s) * 60_000L + ((n * 7919L) % 110) * 1_000L + 1_000L;
        } else {
            v = (n * 7) % VEHICLES;
            t = ((n * 104_729L) % (LATE_UNTIL_MS / PERIOD_MS - 30)) * PERIOD_MS + 30_000L;
            t += 1_000L;
        }
        return breadcrumb(v, t + v * 37L);
    }

    /**
     * Sends events KPL-aggregated, as {@code ./fleetlake produce} does, at about {@code rate}/s.
     */
    public static void send(KinesisClient client, String stream, List<Event> events, double rate)
            throws InterruptedException {
        KinesisStreamWriter writer = KinesisFactory.newWriter(client, stream, true);
        long started = System.nanoTime();
        int sent = 0;
        for (Event e : events) {
            writer.add(e.partitionKey, e.payload);
            sent++;
            long due = started + (long) (sent / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 1_000_000) {
                writer.flushIfDue();
                Thread.sleep(wait / 1_000_000);
            }
        }
        writer.flush();
        KinesisStreamWriter.Stats s = writer.stats();
        System.err.printf(
                Locale.ROOT,
                "sent %d breadcrumbs as %d Kinesis records (%d KPL aggregates) to %s, by shard %s%n",
                s.userRecords,
                s.kinesisRecords,
                s.aggregates,
                stream,
                s.recordsByShard);
    }

    /** What {@link #check} measured, and what it found wrong. */
    public static final class Verdict {
        public long produced;
        public long rows;
        public long distinctRows;
        public long lateProduced;
        public long producerDuplicates;
        public long topkRows;
        public long topkWindows;
        public long topkDuplicateRanks;
        public long rollupRows;
        public long rollupDuplicates;
        public long alertRows;
        public long alertDuplicates;
        public long episodes;
        public Set<String> speedingThings = new TreeSet<>();
        public final List<String> failures = new ArrayList<>();

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "lake breadcrumbs %d (%d distinct; %d from records the producer sent twice) of %d produced (%d late); "
                            + "topk %d rows in %d windows, %d (spec, window_start, rank) twice; "
                            + "breadcrumbs_1m %d rows, %d (thing_name, window_start) twice; "
                            + "alerts %d rows, %d (alert_id, state) twice, %d speeding episodes of %d expected, from %s",
                    rows,
                    distinctRows,
                    producerDuplicates,
                    produced,
                    lateProduced,
                    topkRows,
                    topkWindows,
                    topkDuplicateRanks,
                    rollupRows,
                    rollupDuplicates,
                    alertRows,
                    alertDuplicates,
                    episodes,
                    expectedEpisodes(),
                    speedingThings);
        }
    }

    /** Number of breadcrumbs both phases produce. */
    public static long produced() {
        return phase(1).size() + phase(2).size();
    }

    /** Reads the lake back with DuckDB and checks what a rescale must keep. */
    public static Verdict check(LakeReader lake) throws SQLException {
        Verdict v = new Verdict();
        v.produced = produced();
        v.lateProduced = phase(2).size() - PHASE_MS / PERIOD_MS * VEHICLES;
        v.rows = count(lake, "SELECT count(*) FROM {breadcrumbs}");
        v.distinctRows =
                count(
                        lake,
                        "SELECT count(*) FROM (SELECT DISTINCT thing_name, event_time FROM {breadcrumbs})");
        // A Kinesis producer is at-least-once: a PutRecords call that timed out after the server
        // took it is sent again, and the stream then holds the same aggregate twice under another
        // sequence number (seen on a machine at load 50). The job must write each user record of
        // each Kinesis record once: no (origin = stream/shard/sequence, breadcrumb) twice, and
        // every produced breadcrumb present.
        long perRecord =
                count(
                        lake,
                        "SELECT count(*) FROM (SELECT DISTINCT origin, thing_name, event_time FROM {breadcrumbs})");
        v.producerDuplicates = v.rows - v.distinctRows;
        if (v.distinctRows != v.produced || perRecord != v.rows) {
            v.failures.add(
                    "lake: "
                            + v.rows
                            + " rows, "
                            + v.distinctRows
                            + " distinct breadcrumbs of "
                            + v.produced
                            + ", "
                            + (v.rows - perRecord)
                            + " rows of a Kinesis record twice");
        }
        v.topkRows = count(lake, "SELECT count(*) FROM {topk}");
        v.topkWindows = count(lake, "SELECT count(DISTINCT (spec, window_start)) FROM {topk}");
        v.topkDuplicateRanks =
                count(
                        lake,
                        "SELECT count(*) FROM (SELECT spec, window_start, rank FROM {topk} "
                                + "GROUP BY ALL HAVING count(*) > 1)");
        if (v.topkDuplicateRanks > 0) {
            v.failures.add(v.topkDuplicateRanks + " (spec, window_start, rank) TOP-K rows twice");
        }
        // Windows of minutes 0..18 close (the watermark ends 30 s behind minute 20): each spec
        // that ranks all vehicles has all of them.
        long activeWindows =
                count(
                        lake,
                        "SELECT count(DISTINCT window_start) FROM {topk} WHERE spec = 'active_vehicles'");
        if (activeWindows < 19) {
            v.failures.add("active_vehicles ranked " + activeWindows + " windows, not 19 or more");
        }
        // LakeReader expands only the base tables' placeholders.
        String rollups = lake.table("breadcrumbs_1m");
        v.rollupRows = count(lake, "SELECT count(*) FROM " + rollups);
        v.rollupDuplicates =
                count(
                        lake,
                        "SELECT count(*) FROM (SELECT thing_name, window_start FROM "
                                + rollups
                                + " GROUP BY ALL HAVING count(*) > 1)");
        if (v.rollupDuplicates > 0) {
            v.failures.add(v.rollupDuplicates + " (thing_name, window_start) rollup rows twice");
        }
        v.alertRows = count(lake, "SELECT count(*) FROM {alerts}");
        v.alertDuplicates =
                count(
                        lake,
                        "SELECT count(*) FROM (SELECT alert_id, state FROM {alerts} "
                                + "GROUP BY ALL HAVING count(*) > 1)");
        if (v.alertDuplicates > 0) {
            v.failures.add(v.alertDuplicates + " (alert_id, state) alert rows twice");
        }
        v.episodes =
                count(
                        lake,
                        "SELECT count(DISTINCT alert_id) FROM {alerts} WHERE type = 'speeding'");
        long incomplete =
                count(
                        lake,
                        "SELECT count(*) FROM (SELECT alert_id FROM {alerts} WHERE type = 'speeding' "
                                + "GROUP BY alert_id HAVING count(*) FILTER (WHERE state = 'open') <> 1 "
                                + "OR count(*) FILTER (WHERE state = 'closed') <> 1)");
        for (Map<String, Object> row :
                lake.query("SELECT DISTINCT thing_name FROM {alerts} WHERE type = 'speeding'")) {
            v.speedingThings.add((String) row.get("thing_name"));
        }
        if (v.episodes != expectedEpisodes()) {
            v.failures.add(
                    v.episodes
                            + " speeding episodes, not "
                            + expectedEpisodes()
                            + " (one a stretch)");
        }
        if (incomplete > 0) {
            v.failures.add(incomplete + " speeding episodes not opened once and closed once");
        }
        if (!v.speedingThings.equals(speederThings())) {
            v.failures.add("speeding alerts for " + v.speedingThings + ", not " + speederThings());
        }
        return v;
    }

    private static long count(LakeReader lake, String sql) {
        try {
            return lake.count(sql);
        } catch (SQLException e) {
            // A table with no file yet: DuckDB fails on the empty glob.
            return 0;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("produce")) {
            String endpoint = args[1];
            String stream = args[2];
            int shards = Integer.parseInt(args[3]);
            try (KinesisClient client =
                    KinesisFactory.newClient(
                            KinesisLocal.REGION,
                            endpoint,
                            KinesisFactory.staticCredentials(
                                    KinesisLocal.ACCESS_KEY, KinesisLocal.SECRET_KEY),
                            false)) {
                if (!client.listStreams().streamNames().contains(stream)) {
                    client.createStream(b -> b.streamName(stream).shardCount(shards));
                    KinesisLocal.awaitActive(client, stream, java.time.Duration.ofSeconds(30));
                }
                send(
                        client,
                        stream,
                        phase(Integer.parseInt(args[4].split(":")[0])),
                        Double.parseDouble(args[4].contains(":") ? args[4].split(":")[1] : "400"));
            }
            return;
        }
        if (args.length == 1 && args[0].equals("rules")) {
            System.out.println(RULES);
            return;
        }
        if (args.length == 2 && args[0].equals("count")) {
            System.out.println(phase(Integer.parseInt(args[1])).size());
            return;
        }
        if (args.length == 2 && args[0].equals("check")) {
            try (LakeReader lake = new LakeReader(Paths.get(args[1]))) {
                Verdict v = check(lake);
                System.out.println(v);
                if (!v.failures.isEmpty()) {
                    System.out.println(
                            "FAILED: " + v.failures.stream().collect(Collectors.joining("; ")));
                    System.exit(1);
                }
            }
            return;
        }
        System.err.println(
                "usage: RescaleFleet produce ENDPOINT STREAM SHARDS PHASE[:EVENTS_PER_S] | check LAKE_DIR "
                        + "| count PHASE | rules");
        System.exit(2);
    }
}
