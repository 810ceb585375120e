package io.fleetlake.jmh;

import io.fleetlake.job.decode.FahrenheitConversion;
import io.fleetlake.job.decode.MessageNormalizer;
import io.fleetlake.job.decode.MessageOutput;
import io.fleetlake.job.decode.TopicTemplates;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.RawMessage;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.simulator.FleetSimulator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding cost per message: {@link MessageNormalizer} (Jackson parse, shape detection, routing) plus
 * Fahrenheit, over the simulator's seed-shaped mix (1 % malformed). Run: {@code ./fleetlake jmh Decoder}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DecoderBenchmark {
    private RawMessage[] messages;
    private MessageNormalizer normalizer;
    private int next;

    @Setup
    public void setup() {
        FleetSimulator sim = new FleetSimulator(1, 1_767_225_600_000L, 20, 600, 300, 0.01);
        messages = new RawMessage[10_000];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = sim.event(i);
        }
        normalizer = new MessageNormalizer(new TopicTemplates(TopicTemplates.DEFAULTS));
    }

    /** One message decoded and routed; operations/s = messages/s on one core. */
    @Benchmark
    public void decodeOneMessage(Blackhole bh) {
        RawMessage m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        FahrenheitConversion f = FAHRENHEIT;
        normalizer.normalize(m, new MessageOutput() {
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
