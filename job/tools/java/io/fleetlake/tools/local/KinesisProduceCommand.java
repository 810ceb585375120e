package io.fleetlake.tools.local;

import io.fleetlake.connectors.kinesis.KinesisFactory;
import io.fleetlake.connectors.kinesis.KinesisStreamWriter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.simulator.FleetSimulator;
import io.fleetlake.job.simulator.SimulatorOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code ./fleetlake produce}: sends the simulated fleet to a Kinesis stream, as the fleet's IoT
 * rule would ({@code SELECT topic() AS thetopic, *}: the MQTT topic travels inside the JSON),
 * KPL-aggregated by default, within the per-shard quotas, retrying failed entries. Uses the default
 * AWS credentials chain.
 *
 * <pre>
 * fleetlake produce --stream NAME|ARN [--endpoint URL] [--region R] [--rate EVENTS_PER_S] [--events N]
 *                   [--no-aggregate] [--seed S]
 * </pre>
 */
public final class KinesisProduceCommand {
    static final String USAGE = "the flags: ./fleetlake produce --help";
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private volatile boolean stopRequested;

    KinesisProduceCommand(PrintStream out) {
        this.out = out;
    }

    /**
     * The command line, declared once: {@code ./fleetlake produce --help} and {@code docs/cli.md}
     * read these annotations ({@link FleetlakeCli.Produce} mixes them in), and {@link #parse} fills
     * them.
     */
    public static final class Options {
        @Option(
                order = 1,
                names = "--stream",
                paramLabel = "NAME|ARN",
                description =
                        "The Kinesis data stream (a name, or an ARN whose region is then the"
                                + " default).")
        String stream;

        @Option(
                order = 2,
                names = "--region",
                paramLabel = "R",
                description = "AWS region. Default: the stream ARN's, else the SDK's chain.")
        String region;

        @Option(
                order = 3,
                names = "--endpoint",
                paramLabel = "URL",
                description = "Endpoint override, e.g. http://127.0.0.1:4567 (kinesis-local).")
        String endpoint;

        @Option(
                order = 4,
                names = "--rate",
                paramLabel = "EVENTS_PER_S",
                converter = PositiveNumber.class,
                description = "Events per second. Default: 100.")
        double rate = 100;

        @Option(
                order = 5,
                names = "--events",
                paramLabel = "N",
                converter = PositiveNumber.class,
                description = "Stop after N events. Default: unbounded, until Ctrl-C.")
        void events(double n) {
            events = (long) n;
        }

        long events = -1;

        @Option(
                order = 6,
                names = "--no-aggregate",
                description = "One record per event instead of KPL aggregates.")
        void noAggregate(boolean set) {
            aggregate = !set;
        }

        boolean aggregate = true;

        @Option(
                order = 7,
                names = "--seed",
                paramLabel = "S",
                converter = PositiveNumber.class,
                description = "The simulator's seed (the same seed, the same fleet).")
        void seed(double s) {
            seed = (long) s;
        }

        long seed = SimulatorOptions.SEED.defaultValue();
    }

    /** A number > 0 (accepting {@code 1e6}); a bad one is one line naming the flag. */
    static final class PositiveNumber implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d;
            try {
                d = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new CommandLine.TypeConversionException(
                        "expected a positive number, got '" + value + "'");
            }
            return d;
        }
    }

    public static void main(String[] args) {
        int code;
        KinesisProduceCommand command = new KinesisProduceCommand(System.out);
        Thread main = Thread.currentThread();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    // Ctrl-C: stop generating, send what is buffered, print the
                                    // summary.
                                    command.stopRequested = true;
                                    try {
                                        main.join(30_000);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                },
                                "fleetlake-produce-stop"));
        try {
            code = command.run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fleetlake produce: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        } catch (SdkException e) {
            String m = String.valueOf(e.getMessage());
            boolean credentials =
                    m.contains("redential")
                            || m.contains("ecurity token")
                            || m.contains("ignature");
            System.err.println(
                    "fleetlake produce: Kinesis: "
                            + m
                            + (credentials
                                    ? " (credentials come from the default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                                            + "AWS_PROFILE, ...)"
                                    : ""));
            code = 1;
        } catch (Exception e) {
            System.err.println("fleetlake produce: failed: " + e);
            code = 1;
        }
        if (!command.stopRequested) {
            System.exit(code);
        }
    }

    static Options parse(String[] args) {
        Options o = CliFlags.parse(new Options(), args);
        if (o.stream == null || o.stream.isBlank()) {
            throw new IllegalArgumentException("--stream is required");
        }
        if (o.stream.startsWith("arn:")) {
            String[] parts = o.stream.split(":", 6);
            if (parts.length != 6 || !parts[5].startsWith("stream/")) {
                throw new IllegalArgumentException(
                        "--stream: not a Kinesis stream ARN: " + o.stream);
            }
            if (o.region == null && !parts[3].isEmpty()) {
                o.region = parts[3];
            }
            o.stream = parts[5].substring("stream/".length());
        }
        return o;
    }

    /**
     * The payload as the fleet's IoT rule writes it to Kinesis: the topic as {@code thetopic}, then
     * the rest.
     */
    public static byte[] ruleShaped(RawMessage event) {
        String json = new String(event.payload, StandardCharsets.UTF_8);
        String topicField =
                "\"thetopic\":\"" + event.topic.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        if (!json.startsWith("{")) {
            return event.payload;
        }
        String rest = json.substring(1);
        // Simulated flaky devices send truncated JSON: it stays truncated (and becomes a dead
        // letter).
        String shaped = "{" + topicField + (rest.trim().startsWith("}") ? "" : ",") + rest;
        return shaped.getBytes(StandardCharsets.UTF_8);
    }

    int run(String[] args) throws Exception {
        Options o = parse(args);
        String region = o.region;
        if (region == null && o.endpoint == null) {
            try {
                region = DefaultAwsRegionProviderChain.builder().build().getRegion().id();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("no region: pass --region or set AWS_REGION");
            }
        }
        FleetSimulator fleet =
                new FleetSimulator(
                        o.seed,
                        System.currentTimeMillis(),
                        o.rate,
                        SimulatorOptions.VEHICLES.defaultValue(),
                        SimulatorOptions.SENSORS.defaultValue(),
                        SimulatorOptions.MALFORMED_RATIO.defaultValue());
        try (KinesisClient client = KinesisFactory.newClient(region, o.endpoint, null, false)) {
            KinesisStreamWriter writer = KinesisFactory.newWriter(client, o.stream, o.aggregate);
            out.printf(
                    Locale.ROOT,
                    "fleetlake produce: stream %s (%d open shards)%s, %s events/s, %s, %s%n",
                    o.stream,
                    writer.openShards(),
                    o.endpoint == null ? "" : " at " + o.endpoint,
                    fmt(o.rate),
                    o.events < 0
                            ? "until stopped (Ctrl-C)"
                            : String.format(Locale.ROOT, "%,d events", o.events),
                    o.aggregate ? "KPL-aggregated" : "one record per event");
            long started = System.nanoTime();
            long nextProgress = started + PROGRESS_EVERY_NANOS;
            long sent = 0;
            while ((o.events < 0 || sent < o.events) && !stopRequested) {
                long now = System.nanoTime();
                long due = (long) Math.floor((now - started) / 1e9 * o.rate) + 1;
                if (o.events >= 0) {
                    due = Math.min(due, o.events);
                }
                while (sent < due) {
                    RawMessage event = fleet.event(sent);
                    writer.add(event.topic, ruleShaped(event));
                    sent++;
                }
                writer.flushIfDue();
                if (now >= nextProgress) {
                    out.println(progress(started, writer.stats()));
                    nextProgress += PROGRESS_EVERY_NANOS;
                }
                long nextDueNanos = started + (long) Math.ceil(sent / o.rate * 1e9);
                long sleepMillis =
                        Math.min(50, Math.max(0, (nextDueNanos - System.nanoTime()) / 1_000_000));
                if (sleepMillis > 0 && (o.events < 0 || sent < o.events)) {
                    Thread.sleep(sleepMillis);
                }
            }
            writer.flush();
            KinesisStreamWriter.Stats s = writer.stats();
            out.println(progress(started, s));
            out.printf(
                    Locale.ROOT,
                    "fleetlake produce: sent %,d events as %,d Kinesis records (%,d KPL aggregates) "
                            + "to %s in %.1f s; %,d entries retried; waited %,d ms for shard quotas; records by shard %s%n",
                    s.userRecords,
                    s.kinesisRecords,
                    s.aggregates,
                    o.stream,
                    (System.nanoTime() - started) / 1e9,
                    s.retriedEntries,
                    s.throttledMillis,
                    new LinkedHashMap<>(s.recordsByShard));
        }
        return 0;
    }

    private static String progress(long started, KinesisStreamWriter.Stats s) {
        return String.format(
                Locale.ROOT,
                "[%4ds] events %,d | kinesis records %,d (aggregates %,d) | %,d bytes | "
                        + "retried %,d",
                (System.nanoTime() - started) / 1_000_000_000L,
                s.userRecords,
                s.kinesisRecords,
                s.aggregates,
                s.bytes,
                s.retriedEntries);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%,d", (long) d) : String.valueOf(d);
    }
}
