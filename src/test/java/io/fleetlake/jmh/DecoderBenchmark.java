package io.fleetlake.jmh;

import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.decode.FahrenheitConversion;
import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.decode.MessageOutput;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.simulator.FleetSimulator;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding cost per message: {@link MessageNormalizer} (Jackson parse, shape detection, routing)
 * plus Fahrenheit, over the simulator's seed-shaped mix (1 % malformed; {@link #decodeOneMessage})
 * and over issue 12's flat input (70 % telemetry, 30 % breadcrumbs, {@code yyyy-MM-dd HH:mm:ss}
 * times; {@link #decodeFlatMessage}). {@code -p path=tree} reads every payload through the Jackson
 * tree, to compare with the streaming fast path. Run: {@code ./fleetlake jmh Decoder}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DecoderBenchmark {
    private RawMessage[] messages;
    private RawMessage[] flat;
    private MessageNormalizer normalizer;
    private int next;
    private int nextFlat;

    /** {@code fast}: the default decoder; {@code tree}: every payload through the Jackson tree. */
    @Param({"fast"})
    public String path;

    @Setup
    public void setup() {
        FleetSimulator sim = new FleetSimulator(1, 1_767_225_600_000L, 20, 600, 300, 0.01);
        messages = new RawMessage[10_000];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = sim.event(i);
        }
        SplittableRandom rnd = new SplittableRandom(1);
        flat = new RawMessage[10_000];
        for (int i = 0; i < flat.length; i++) {
            String ts = EventTimes.formatSql(1_767_225_600_000L + i * 1000L);
            String line =
                    rnd.nextInt(10) < 7
                            ? "{\"device_id\":\"sensor-"
                                    + rnd.nextInt(1000)
                                    + "\",\"temperature\":"
                                    + rnd.nextInt(45, 92)
                                    + ",\"humidity\":"
                                    + rnd.nextInt(100)
                                    + ",\"pressure\":"
                                    + (950 + rnd.nextInt(100))
                                    + ",\"rssi\":"
                                    + -rnd.nextInt(90)
                                    + ",\"timestamp\":\""
                                    + ts
                                    + "\"}"
                            : "{\"thing_name\":\"truck-"
                                    + rnd.nextInt(300)
                                    + "\",\"lat\":"
                                    + (45 + rnd.nextDouble())
                                    + ",\"lon\":"
                                    + (-122 - rnd.nextDouble())
                                    + ",\"speed\":"
                                    + rnd.nextInt(120)
                                    + ",\"heading\":\"NE\",\"ignition\":"
                                    + rnd.nextBoolean()
                                    + ",\"timestamp\":\""
                                    + ts
                                    + "\"}";
            flat[i] =
                    RawMessage.json(
                            "file",
                            "flat.json:" + i,
                            null,
                            1_767_225_600_000L,
                            line.getBytes(StandardCharsets.UTF_8));
        }
        TopicTemplates templates = new TopicTemplates(TopicTemplates.DEFAULTS);
        normalizer =
                path.equals("tree")
                        ? new MessageNormalizer(
                                templates, io.fleetlake.job.decode.DecodeLimits.defaults(), false)
                        : new MessageNormalizer(templates);
    }

    /** One message of the flat input decoded and routed. */
    @Benchmark
    public void decodeFlatMessage(Blackhole bh) {
        RawMessage m = flat[nextFlat];
        nextFlat = nextFlat + 1 == flat.length ? 0 : nextFlat + 1;
        decode(m, bh);
    }

    /** One message decoded and routed; operations/s = messages/s on one core. */
    @Benchmark
    public void decodeOneMessage(Blackhole bh) {
        RawMessage m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        decode(m, bh);
    }

    private void decode(RawMessage m, Blackhole bh) {
        FahrenheitConversion f = FAHRENHEIT;
        normalizer.normalize(
                m,
                new MessageOutput() {
                    @Override
                    public void reading(Reading reading) {
                        bh.consume(f.map(reading));
                    }

                    @Override
                    public void breadcrumb(Breadcrumb breadcrumb) {
                        bh.consume(breadcrumb);
                    }

                    @Override
                    public void deadLetter(DeadLetter deadLetter) {
                        bh.consume(deadLetter);
                    }
                });
    }

    private static final FahrenheitConversion FAHRENHEIT = new FahrenheitConversion();
}
