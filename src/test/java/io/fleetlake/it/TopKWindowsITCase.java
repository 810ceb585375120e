package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.topk.LateEventCounter;
import io.fleetlake.job.topk.TopKPipeline;
import io.fleetlake.job.topk.TopKRow;
import io.fleetlake.job.topk.TopKSpec;
import io.fleetlake.testing.FlinkTestCluster;
import io.fleetlake.tools.local.ProgressMetrics;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TOP-K windows in isolation: late events, and state at 1,000,000 distinct items in one window. */
class TopKWindowsITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            FlinkTestCluster.extension(2, FlinkTestCluster.withProgressMetrics());

    static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    /**
     * What the TOP-K state of one million distinct items in one window may add to the live heap: 1
     * GiB, about 1 KB per item, a third of the test JVM's heap (the Table API window Top-N measured
     * about 485 MB here).
     */
    static final long HEAP_BOUND = 1L << 30;

    @Test
    void lateEventsAreCountedAndDoNotChangeClosedWindows() throws Exception {
        ProgressMetrics.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<Breadcrumb> input =
                List.of(
                        crumb("a", T0 + 10_000),
                        crumb("a", T0 + 20_000),
                        crumb("b", T0 + 65_000),
                        crumb("c", T0 + 30_000), // behind the watermark (65 s): late for window
                        // [0, 60 s)
                        crumb("c", T0 + 31_000),
                        crumb("b", T0 + 70_000));
        DataStream<Breadcrumb> crumbs =
                env.fromData(input, TypeInformation.of(Breadcrumb.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Breadcrumb>forGenerator(c -> new EveryEvent())
                                        .withTimestampAssigner((b, ts) -> b.eventTime))
                        .process(new LateEventCounter<>());
        DataStream<Reading> noReadings =
                env.fromData(List.of(new Reading()), TypeInformation.of(Reading.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Reading>forMonotonousTimestamps()
                                        .withTimestampAssigner((r, ts) -> T0));
        List<TopKSpec> specs =
                List.of(new TopKSpec("active", "breadcrumbs", "thing_name", null, 5, 60));
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<TopKRow> it =
                TopKPipeline.build(crumbs, noReadings, specs).executeAndCollect()) {
            it.forEachRemaining(
                    r ->
                            rows.add(
                                    (r.windowStart - T0) / 1000
                                            + "s #"
                                            + r.rank
                                            + " "
                                            + r.item
                                            + " "
                                            + r.itemCount));
        }
        assertThat(rows).containsExactlyInAnyOrder("0s #1 a 2", "60s #1 b 2");
        assertThat(ProgressMetrics.total("lateEvents")).isEqualTo(2);
    }

    @Test
    void oneMillionDistinctItemsInOneWindow() throws Exception {
        long distinct = 1_000_000;
        // Item i: "hot-0".."hot-9" appear 1000-i*10 times... realised by mapping the first 9,550
        // indexes onto them.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        long hotEvents = 0;
        for (int h = 0; h < 10; h++) {
            hotEvents += 1000 - h * 50;
        }
        long total = distinct + hotEvents;
        final long hot = hotEvents;
        DataGeneratorSource<Breadcrumb> source =
                new DataGeneratorSource<>(
                        i -> {
                            Breadcrumb b = new Breadcrumb();
                            b.thingName = i < hot ? hotItem(i) : "item-" + (i - hot);
                            b.eventTime = T0 + (i % 50_000);
                            return b;
                        },
                        total,
                        RateLimiterStrategy.noOp(),
                        TypeInformation.of(Breadcrumb.class));
        DataStream<Breadcrumb> crumbs =
                env.fromSource(
                        source,
                        WatermarkStrategy.<Breadcrumb>forMonotonousTimestamps()
                                .withTimestampAssigner((b, ts) -> T0),
                        "million");
        DataStream<Reading> noReadings =
                env.fromData(List.of(new Reading()), TypeInformation.of(Reading.class))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Reading>forMonotonousTimestamps()
                                        .withTimestampAssigner((r, ts) -> T0));
        List<TopKSpec> specs =
                List.of(new TopKSpec("million", "breadcrumbs", "thing_name", null, 10, 60));

        LiveHeapSampler heap = new LiveHeapSampler(Duration.ofMillis(500));
        long started = System.nanoTime();
        List<TopKRow> rows = new ArrayList<>();
        try (heap;
                CloseableIterator<TopKRow> it =
                        TopKPipeline.build(crumbs, noReadings, specs).executeAndCollect()) {
            it.forEachRemaining(rows::add);
        }
        double secs = (System.nanoTime() - started) / 1e9;
        long grewBy = heap.peak() - heap.baseline;
        System.out.printf(
                Locale.ROOT,
                "TOP-K state: %,d events, %,d distinct items in one window: %.1f s, "
                        + "live heap before %,d MB, peak %,d MB (+%,d MB, %d samples; JVM -Xmx %,d MB)%n",
                total,
                distinct + 10,
                secs,
                heap.baseline >> 20,
                heap.peak() >> 20,
                grewBy >> 20,
                heap.samples(),
                Runtime.getRuntime().maxMemory() >> 20);
        // The window's state for a million distinct items stays a modest part of a TaskManager's
        // heap: at most
        // HEAP_BOUND more live heap than before the job.
        assertThat(heap.samples()).as("live heap samples while the job ran").isPositive();
        assertThat(grewBy).as("live heap above what it was before the job").isLessThan(HEAP_BOUND);
        rows.sort((a, b) -> Integer.compare(a.rank, b.rank));
        assertThat(rows).hasSize(10);
        for (int h = 0; h < 10; h++) {
            assertThat(rows.get(h).item).isEqualTo("hot-" + h);
            assertThat(rows.get(h).itemCount).isEqualTo(1000 - h * 50);
            assertThat(rows.get(h).rank).isEqualTo(h + 1);
        }
    }

    /**
     * The live heap during a job: every {@code period} a full collection ({@code System.gc()},
     * stop-the-world in G1) and the heap in use right after it, so garbage not yet collected does
     * not count; the baseline is the same measure before the job. The state of a window grows until
     * it fires, so the peak sample is within one period's growth of the state's peak.
     */
    static final class LiveHeapSampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;
        final long baseline;

        LiveHeapSampler(Duration period) {
            baseline = liveHeap();
            thread =
                    new Thread(
                            () -> {
                                while (running) {
                                    try {
                                        Thread.sleep(
                                                period.toMillis()); // the sampling period, not a
                                        // wait for anything
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                    peak.accumulateAndGet(liveHeap(), Math::max);
                                    samples.incrementAndGet();
                                }
                            },
                            "live-heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private static long liveHeap() {
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        long peak() {
            return peak.get();
        }

        long samples() {
            return samples.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }

    /** Index i (< the hot total) to hot-h, hot-h taking 1000 - 50h consecutive indexes. */
    static String hotItem(long i) {
        long acc = 0;
        for (int h = 0; h < 10; h++) {
            acc += 1000 - h * 50;
            if (i < acc) {
                return "hot-" + h;
            }
        }
        throw new IllegalArgumentException("not a hot index: " + i);
    }

    static Breadcrumb crumb(String thing, long t) {
        Breadcrumb b = new Breadcrumb();
        b.thingName = thing;
        b.deviceId = thing;
        b.eventTime = t;
        return b;
    }

    /** A watermark right behind every event: makes lateness deterministic in the test. */
    static final class EveryEvent implements WatermarkGenerator<Breadcrumb> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(Breadcrumb event, long eventTimestamp, WatermarkOutput output) {
            max = Math.max(max, eventTimestamp);
            output.emitWatermark(new Watermark(max - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }
}
