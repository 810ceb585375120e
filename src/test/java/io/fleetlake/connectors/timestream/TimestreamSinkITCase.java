package io.fleetlake.connectors.timestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.testing.FakeTimestream;
import io.fleetlake.testing.FlinkTestCluster;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Timestream sink end to end on a MiniCluster, through the real async SDK client, against
 * {@link FakeTimestream} (WireMock speaking Timestream's AWS JSON 1.0 protocol).
 */
class TimestreamSinkITCase {

    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(4);

    /** 2024-04-18T09:00:00Z. */
    static final long BASE = 1713430800000L;

    static final ConcurrentLinkedQueue<String> REJECTED = new ConcurrentLinkedQueue<>();

    FakeTimestream fake;

    @BeforeEach
    void start() {
        fake = new FakeTimestream();
        REJECTED.clear();
        FailOnce.reset();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void batchesStayWithinTheLimitAndThrottlingThenSuccessWritesEveryRecordOnce() throws Exception {
        fake.throttleNext(3);
        fake.failNext(2);
        StreamExecutionEnvironment env = env(2);
        write(
                env.fromSequence(0, 999).name("numbers").uid("numbers"),
                sink("readings", new Numbers(false)).build());
        env.execute("throttling");

        assertThat(fake.requestSizes()).allSatisfy(n -> assertThat(n).isBetween(1, 100));
        assertThat(fake.refusedRequestSizes()).hasSize(5);
        assertThat(fake.rows()).hasSize(1000);
        // Exactly once: no key accepted twice (throttled and failed requests stored nothing).
        assertThat(fake.acceptedVersions().values()).allSatisfy(v -> assertThat(v).hasSize(1));
        assertThat(fake.rows().get(key(123)).measures)
                .containsEntry("value", "123.0")
                .containsEntry("doubled", "246.0");
        assertThat(fake.rows().get(key(123)).version).isEqualTo(BASE + 123_000);
        assertThat(REJECTED).isEmpty();
    }

    @Test
    void partialRejectionSendsOnlyTheRejectedRecordsToTheOutputAndAConflictingValueIsRejectedToo()
            throws Exception {
        // Records 13, 63, ... are a week old: outside the memory store. 77 and 211 carry NaN: the
        // service refuses
        // the whole request (ValidationException) and the sink isolates them by splitting.
        fake.memoryStoreCutoff(BASE - Duration.ofDays(1).toMillis());
        runNumbers(new Numbers(true));

        Set<Long> bad = Set.of(13L, 63L, 113L, 163L, 213L, 263L, 77L, 211L);
        assertThat(rejectedIndexes()).containsExactlyInAnyOrderElementsOf(bad);
        assertThat(REJECTED)
                .filteredOn(r -> r.startsWith("13|"))
                .singleElement()
                .asString()
                .contains("outside the time range");
        assertThat(REJECTED)
                .filteredOn(r -> r.startsWith("77|"))
                .singleElement()
                .asString()
                .contains("ValidationException");
        assertThat(fake.rows()).hasSize(300 - bad.size());
        assertThat(fake.validationErrors()).isPositive();
        assertThat(fake.rejectedRecordsResponses()).isPositive();

        // The same records again, every tenth with another value but the same version: Timestream
        // accepts the identical ones as they are and answers the others with a version conflict
        // (ExistingVersion == version): a distinct reading under the same time, which is a
        // rejection (kind CONFLICT) with its reason - never silently counted as written.
        REJECTED.clear();
        runNumbers(new Numbers(true).changeEveryTenth());
        Set<Long> conflicting = new java.util.HashSet<>(bad);
        for (long i = 0; i < 300; i += 10) {
            if (i % 50 != 13) {
                conflicting.add(i);
            }
        }
        assertThat(rejectedIndexes()).containsExactlyInAnyOrderElementsOf(conflicting);
        assertThat(REJECTED)
                .filteredOn(r -> r.startsWith("20|"))
                .singleElement()
                .asString()
                .contains("CONFLICT")
                .contains("a different value is already stored");
        assertThat(fake.rows()).hasSize(300 - bad.size());
        assertThat(fake.rows().get(key(20)).measures).containsEntry("value", "20.0");
    }

    @Test
    void restoreFromCheckpointNeverWritesARecordWithTwoVersions() throws Exception {
        fake.throttleNext(2);
        StreamExecutionEnvironment env = env(2);
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        restart.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        env.configure(restart);
        env.enableCheckpointing(500);
        // 3 s of input at 1000/s: on a loaded machine a checkpoint still completes well before the
        // end, and the
        // failure (100 records after it) always happens mid-stream.
        DataStream<Long> numbers =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        i -> i,
                                        3000,
                                        RateLimiterStrategy.perSecond(1000),
                                        Types.LONG),
                                WatermarkStrategy.noWatermarks(),
                                "numbers")
                        .uid("numbers");
        write(
                numbers.map(new FailOnce()).name("fail once").uid("fail-once"),
                sink("readings", new Numbers(true)).maxBufferTime(Duration.ofMillis(50)).build());
        env.execute("restore");

        assertThat(FailOnce.failed()).as("the job failed once and was restored").isTrue();
        Map<String, List<Long>> accepted = fake.acceptedVersions();
        // All but the two NaN records, which went to the rejected-record output (at least once:
        // this test's
        // collecting sink is not transactional; the lake's dead_letter file sink is).
        assertThat(accepted).hasSize(3000 - 2);
        assertThat(rejectedIndexes()).containsExactlyInAnyOrder(77L, 211L);
        assertThat(accepted.values()).allSatisfy(v -> assertThat(new HashSet<>(v)).hasSize(1));
        assertThat(fake.requestSizes()).allSatisfy(n -> assertThat(n).isBetween(1, 100));
        // Records written after the restored checkpoint were re-sent, with their original version
        // (an idempotent
        // upsert): some keys were accepted twice, always with one version.
        long replayed = accepted.values().stream().filter(v -> v.size() > 1).count();
        assertThat(replayed).isPositive();
    }

    @Test
    void aMissingTableFailsTheJobWithAClearMessage() {
        StreamExecutionEnvironment env = env(1);
        write(
                env.fromSequence(0, 9),
                sink(FakeTimestream.MISSING_TABLE, new Numbers(false)).build());
        assertThatThrownBy(() -> env.execute("missing table"))
                .hasStackTraceContaining("Timestream table 'fleet.missing' does not exist")
                .hasStackTraceContaining("Timestream.database / Timestream.table");
    }

    private void runNumbers(Numbers converter) throws Exception {
        StreamExecutionEnvironment env = env(2);
        write(
                env.fromSequence(0, 299).name("numbers").uid("numbers"),
                sink("readings", converter).build());
        env.execute("rejections");
    }

    private StreamExecutionEnvironment env(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.enableCheckpointing(200);
        return env;
    }

    private TimestreamSinkFactory.Builder<Long> sink(String table, Numbers converter) {
        TimestreamClientConfig client =
                TimestreamClientConfig.of("eu-west-1", fake.endpoint())
                        .withStaticCredentials("AKIDTEST", "test-secret");
        return new TimestreamSinkFactory(client)
                .sink("fleet", table, converter)
                .maxBatchSize(100)
                .maxInFlightRequests(4)
                .maxBufferedRequests(1000)
                .maxBufferTime(Duration.ofMillis(100))
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(200));
    }

    /** The sink, its rejected records ("index|reason") into {@link #REJECTED}. */
    private static void write(DataStream<Long> input, TimestreamSink<Long> sink) {
        sink.writeTo(
                        input,
                        "timestream",
                        "timestream",
                        r -> r.record().context().get("index") + "|" + r.kind() + " " + r.reason(),
                        Types.STRING)
                .sinkTo(new CollectingSink())
                .name("rejected")
                .uid("rejected");
    }

    private static Set<Long> rejectedIndexes() {
        return REJECTED.stream()
                .map(r -> Long.parseLong(r.substring(0, r.indexOf('|'))))
                .collect(Collectors.toSet());
    }

    private static String key(long i) {
        return "reading|{device_id=dev-" + (i % 7) + "}|" + (BASE + i * 1000);
    }

    /**
     * Number i: device dev-(i%7), one reading a second, version = event time. With {@code bad},
     * every 50th (from 13) is a week old and 77 and 211 carry NaN.
     */
    static final class Numbers implements ElementConverter<Long, TimestreamRecord> {
        private final boolean bad;
        private boolean changeEveryTenth;

        Numbers(boolean bad) {
            this.bad = bad;
        }

        Numbers changeEveryTenth() {
            changeEveryTenth = true;
            return this;
        }

        @Override
        public TimestreamRecord apply(Long i, SinkWriter.Context context) {
            long time =
                    bad && i % 50 == 13
                            ? BASE + i * 1000 - Duration.ofDays(7).toMillis()
                            : BASE + i * 1000;
            double value = changeEveryTenth && i % 10 == 0 ? i + 0.5 : i;
            TimestreamRecord.Builder b =
                    TimestreamRecord.builder("reading", time, time)
                            .dimension("device_id", "dev-" + (i % 7))
                            .context("index", Long.toString(i));
            if (bad && (i == 77 || i == 211)) {
                b.measure("value", "NaN", TimestreamRecord.MeasureType.DOUBLE);
            } else {
                b.measure("value", value);
            }
            return b.measure("doubled", value * 2).build();
        }
    }

    /**
     * Fails the job once, when 300 numbers went through one subtask since a checkpoint completed.
     */
    static final class FailOnce extends RichMapFunction<Long, Long> implements CheckpointListener {
        private static volatile boolean failed;
        private transient boolean checkpointed;
        private transient int sinceCheckpoint;

        static void reset() {
            failed = false;
        }

        static boolean failed() {
            return failed;
        }

        @Override
        public Long map(Long value) {
            if (!failed && checkpointed && ++sinceCheckpoint >= 100) {
                failed = true;
                throw new IllegalStateException("injected failure at " + value);
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            sinceCheckpoint = 0;
        }
    }

    /** Collects into {@link #REJECTED} (same JVM as the MiniCluster). */
    static final class CollectingSink implements Sink<String> {
        @Override
        @SuppressWarnings("deprecation")
        public SinkWriter<String> createWriter(InitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(String element, Context context) {
                    REJECTED.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
