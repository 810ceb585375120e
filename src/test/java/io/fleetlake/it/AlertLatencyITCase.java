package io.fleetlake.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlake.job.alerts.Alert;
import io.fleetlake.job.alerts.AlertEvaluation;
import io.fleetlake.job.alerts.AlertPipeline;
import io.fleetlake.job.alerts.AlertRule;
import io.fleetlake.job.alerts.AlertSettings;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import io.fleetlake.testing.FlinkTestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How long after the sample that proves it an alert comes out, on a live stream (event time = wall
 * time) built as FleetlakeJob builds it (bounded out-of-orderness 30 s, idleness 60 s), for the
 * mixes that hold a union's watermark back: breadcrumbs only (the readings input never sends),
 * readings only, and one of two source subtasks idle. The watermark cannot pass the proving sample
 * for 30 s (and is held 60 s more by the silent input), so an alert before that was evaluated on
 * arrival; the measured latency is printed for docs/features/alerts-and-windows-lifecycle.md.
 */
class AlertLatencyITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension(2);

    static final Duration LATENESS = Duration.ofSeconds(30);
    static final Duration IDLE = Duration.ofSeconds(60);
    static final Duration MIN_DURATION = Duration.ofSeconds(5);
    static final ConcurrentLinkedQueue<long[]> ARRIVALS = new ConcurrentLinkedQueue<>();

    enum Mix {
        BREADCRUMBS_ONLY,
        READINGS_ONLY,
        ONE_IDLE_SUBTASK
    }

    @ParameterizedTest
    @EnumSource(Mix.class)
    void anAlertComesOutWithinSecondsOfTheSampleThatProvesIt(Mix mix) throws Exception {
        ARRIVALS.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(mix == Mix.ONE_IDLE_SUBTASK ? 2 : 1);
        boolean crumbs = mix != Mix.READINGS_ONLY;
        DataStream<Breadcrumb> breadcrumbs =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        i -> {
                                            Breadcrumb b = new Breadcrumb();
                                            b.deviceId = "speeder-" + (i % 2);
                                            b.thingName = b.deviceId;
                                            b.eventTime = System.currentTimeMillis();
                                            b.speed = 110.0;
                                            b.lat = 45.5;
                                            b.lon = -122.6;
                                            b.attributes = new HashMap<>();
                                            return b;
                                        },
                                        Long.MAX_VALUE,
                                        RateLimiterStrategy.perSecond(10),
                                        TypeInformation.of(Breadcrumb.class)),
                                WatermarkStrategy.noWatermarks(),
                                "breadcrumbs")
                        .filter(new OnlySubtaskZero<>(crumbs))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Breadcrumb>forBoundedOutOfOrderness(LATENESS)
                                        .withTimestampAssigner((b, ts) -> b.eventTime)
                                        .withIdleness(IDLE));
        DataStream<Reading> readings =
                env.fromSource(
                                new DataGeneratorSource<>(
                                        i -> {
                                            Reading r = new Reading();
                                            r.deviceId = "iotfleet_" + (i % 2);
                                            r.thingName = r.deviceId;
                                            r.eventTime = System.currentTimeMillis();
                                            r.measures = new HashMap<>();
                                            r.measures.put("temperature", -5.0);
                                            r.attributes = new HashMap<>();
                                            return r;
                                        },
                                        Long.MAX_VALUE,
                                        RateLimiterStrategy.perSecond(10),
                                        TypeInformation.of(Reading.class)),
                                WatermarkStrategy.noWatermarks(),
                                "readings")
                        .filter(new OnlySubtaskZero<>(!crumbs))
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<Reading>forBoundedOutOfOrderness(LATENESS)
                                        .withTimestampAssigner((r, ts) -> r.eventTime)
                                        .withIdleness(IDLE));
        AlertSettings settings =
                new AlertSettings(
                        List.of(
                                AlertRule.speeding("speeding", 90.0, MIN_DURATION),
                                AlertRule.temperature(
                                        "reefer", "temperature", -15.0, 1.0, MIN_DURATION)),
                        Duration.ZERO,
                        false,
                        AlertEvaluation.ON_ARRIVAL,
                        Duration.ofHours(24),
                        Duration.ZERO);
        AlertPipeline.attach(readings, breadcrumbs, settings, new ArrivalSink(), null);
        JobClient job = env.executeAsync("alert latency " + mix);
        try {
            long deadline = System.currentTimeMillis() + LATENESS.toMillis() + 15_000;
            while (ARRIVALS.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            job.cancel().get();
        }
        assertThat(ARRIVALS).as("an alert before the watermark could pass its sample").isNotEmpty();
        long[] first = ARRIVALS.peek();
        long proven = first[0] + MIN_DURATION.toMillis();
        long latency = first[1] - proven;
        System.out.printf(
                "alert latency (%s): %d ms after the proving sample's event time (= its wall time)%n",
                mix, latency);
        assertThat(latency).isLessThan(LATENESS.toMillis());
    }

    /** Lets records through on subtask 0 only when {@code on}; every other subtask sends none. */
    static final class OnlySubtaskZero<T> extends RichFilterFunction<T> {
        private final boolean on;
        private transient int subtask;

        OnlySubtaskZero(boolean on) {
            this.on = on;
        }

        @Override
        public void open(OpenContext openContext) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public boolean filter(T value) {
            return on && subtask == 0;
        }
    }

    /** Records (opened_at, wall time of arrival) of every alert that opens. */
    static final class ArrivalSink implements Sink<Alert> {
        @Override
        @SuppressWarnings("deprecation")
        public SinkWriter<Alert> createWriter(InitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Alert a, Context c) {
                    if (a.isOpen()) {
                        ARRIVALS.add(new long[] {a.openedAt, System.currentTimeMillis()});
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
