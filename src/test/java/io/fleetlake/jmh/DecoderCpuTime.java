package io.fleetlake.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link DecoderBenchmark}'s two inputs measured in CPU time of the decoding thread instead of wall
 * time: on a shared machine (other processes taking the cores) JMH's throughput swings by an order
 * of magnitude, while the CPU time a message costs barely moves. Prints the median over rounds, in
 * messages per CPU-second. Run: {@code java -cp target/test-classes:target/classes:<test class
 * path> io.fleetlake.jmh.DecoderCpuTime [fast|tree]}.
 */
public final class DecoderCpuTime {
    private DecoderCpuTime() {}

    public static void main(String[] args) {
        DecoderBenchmark b = new DecoderBenchmark();
        b.path = args.length > 0 ? args[0] : "fast";
        b.setup();
        Blackhole bh =
                new Blackhole(
                        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String input : new String[] {"seed mix", "flat"}) {
            boolean flat = input.equals("flat");
            int perRound = 200_000;
            for (int i = 0; i < 5 * perRound; i++) { // warm-up: JIT
                run(b, bh, flat);
            }
            double[] rates = new double[7];
            for (int round = 0; round < rates.length; round++) {
                long cpu = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < perRound; i++) {
                    run(b, bh, flat);
                }
                rates[round] = perRound / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
            }
            Arrays.sort(rates);
            System.out.printf(
                    Locale.ROOT,
                    "%-8s %-5s median %,10.0f messages per CPU-second (min %,.0f, max %,.0f)%n",
                    input,
                    b.path,
                    rates[rates.length / 2],
                    rates[0],
                    rates[rates.length - 1]);
        }
    }

    private static void run(DecoderBenchmark b, Blackhole bh, boolean flat) {
        if (flat) {
            b.decodeFlatMessage(bh);
        } else {
            b.decodeOneMessage(bh);
        }
    }
}
