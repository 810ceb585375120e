package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.tools.local.ProgressMetrics;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.topk.LateEventCounter;
import io.fleetlake.job.topk.TopKPipeline;
import io.fleetlake.job.topk.TopKRow;
import io.fleetlake.job.topk.TopKSpec;
import io.fleetlake.testing.FlinkTestCluster;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
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
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2, FlinkTestCluster.withProgressMetrics());

    static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    @Test
    void lateEventsAreCountedAndDoNotChangeClosedWindows() throws Exception {
        ProgressMetrics.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<Breadcrumb> input = List.of(crumb("a", T0 + 10_000), crumb("a", T0 + 20_000), crumb("b", T0 + 65_000),
                crumb("c", T0 + 30_000), // behind the watermark (65 s): late for window [0, 60 s)
                crumb("c", T0 + 31_000), crumb("b", T0 + 70_000));
        DataStream<Breadcrumb> crumbs = env.fromData(input, TypeInformation.of(Breadcrumb.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Breadcrumb>forGenerator(c -> new EveryEvent())
                        .withTimestampAssigner((b, ts) -> b.eventTime))
                .process(new LateEventCounter<>());
        DataStream<Reading> noReadings = env.fromData(List.of(new Reading()), TypeInformation.of(Reading.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Reading>forMonotonousTimestamps()
                        .withTimestampAssigner((r, ts) -> T0));
        List<TopKSpec> specs = List.of(new TopKSpec("active", "breadcrumbs", "thing_name", null, 5, 60));
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<TopKRow> it = TopKPipeline.build(crumbs, noReadings, specs).executeAndCollect()) {
            it.forEachRemaining(r -> rows.add((r.windowStart - T0) / 1000 + "s #" + r.rank + " " + r.item + " "
                    + r.itemCount));
        }
        assertThat(rows).containsExactlyInAnyOrder("0s #1 a 2", "60s #1 b 2");
        assertThat(ProgressMetrics.total("lateEvents")).isEqualTo(2);
    }

    @Test
    void oneMillionDistinctItemsInOneWindow() throws Exception {
        long distinct = 1_000_000;
        // Item i: "hot-0".."hot-9" appear 1000-i*10 times... realised by mapping the first 9,550 indexes onto them.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        long hotEvents = 0;
        for (int h = 0; h < 10; h++) {
            hotEvents += 1000 - h * 50;
        }
        long total = distinct + hotEvents;
        final long hot = hotEvents;
        DataGeneratorSource<Breadcrumb> source = new DataGeneratorSource<>(i -> {
            Breadcrumb b = new Breadcrumb();
            b.thingName = i < hot ? hotItem(i) : "item-" + (i - hot);
            b.eventTime = T0 + (i % 50_000);
            return b;
        }, total, RateLimiterStrategy.noOp(), TypeInformation.of(Breadcrumb.class));
        DataStream<Breadcrumb> crumbs = env.fromSource(source, WatermarkStrategy.<Breadcrumb>forMonotonousTimestamps()
                .withTimestampAssigner((b, ts) -> T0), "million");
        DataStream<Reading> noReadings = env.fromData(List.of(new Reading()), TypeInformation.of(Reading.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Reading>forMonotonousTimestamps()
                        .withTimestampAssigner((r, ts) -> T0));
        List<TopKSpec> specs = List.of(new TopKSpec("million", "breadcrumbs", "thing_name", null, 10, 60));

        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakLive = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            Runtime rt = Runtime.getRuntime();
            while (running.get()) {
                peakHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                peakLive.accumulateAndGet(heapOutsideEden(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        System.gc();
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        long started = System.nanoTime();
        sampler.start();
        List<TopKRow> rows = new ArrayList<>();
        try (CloseableIterator<TopKRow> it = TopKPipeline.build(crumbs, noReadings, specs).executeAndCollect()) {
            it.forEachRemaining(rows::add);
        } finally {
            running.set(false);
            sampler.join();
        }
        double secs = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "TOP-K state: %,d events, %,d distinct items in one window: %.1f s, "
                        + "heap before %,d MB, peak %,d MB, peak outside eden %,d MB (JVM -Xmx %,d MB)%n", total,
                distinct + 10, secs, before >> 20, peakHeap.get() >> 20, peakLive.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        // What the job keeps for 1,000,000 open counters (plus the test JVM's own) stays well inside one KPU's
        // 3 GB heap; the SQL window operator this replaced needed about 1.7 GB of heap in all.
        assertThat(peakLive.get()).as("peak heap outside eden with 1,000,000 open TOP-K counters")
                .isPositive().isLessThan(1536L << 20);

        rows.sort((a, b) -> Integer.compare(a.rank, b.rank));
        assertThat(rows).hasSize(10);
        for (int h = 0; h < 10; h++) {
            assertThat(rows.get(h).item).isEqualTo("hot-" + h);
            assertThat(rows.get(h).itemCount).isEqualTo(1000 - h * 50);
            assertThat(rows.get(h).rank).isEqualTo(h + 1);
        }
    }

    /**
     * Heap outside the young generation's eden: what survived at least one collection (long-lived state such as
     * open counters ends up there), not the short-lived garbage that eden holds until its next collection.
     */
    static long heapOutsideEden() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && !pool.getName().contains("Eden")) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
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
