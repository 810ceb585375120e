package io.fleetlake.tools.local;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a local run's start-up time goes ({@code ./fleetlake --verbose}): the JVM until {@code
 * main}, then each named step, measured between marks, with the CPU time this JVM spent (on a
 * loaded machine wall time alone misleads).
 */
final class StartupTimes {
    private final long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final List<String> names = new ArrayList<>();
    private final List<Long> at = new ArrayList<>();
    private final List<Long> cpu = new ArrayList<>();

    StartupTimes() {
        mark("JVM start to main (class loading, JIT warm-up)");
    }

    /** Ends the step named {@code name} now. */
    void mark(String name) {
        names.add(name);
        at.add(System.currentTimeMillis());
        cpu.add(processCpuMillis());
    }

    /** Wall milliseconds since the JVM started. */
    long sinceJvmStart() {
        return System.currentTimeMillis() - jvmStart;
    }

    void print(PrintStream out) {
        long prev = jvmStart;
        long prevCpu = 0;
        out.println("fleetlake: start-up and run times (wall ms, process CPU ms):");
        for (int i = 0; i < names.size(); i++) {
            out.printf(
                    Locale.ROOT,
                    "  %-58s %,8d %,8d%n",
                    names.get(i),
                    at.get(i) - prev,
                    cpu.get(i) - prevCpu);
            prev = at.get(i);
            prevCpu = cpu.get(i);
        }
        out.printf(
                Locale.ROOT,
                "  %-58s %,8d %,8d%n",
                "total since JVM start",
                prev - jvmStart,
                prevCpu);
    }

    private static long processCpuMillis() {
        java.lang.management.OperatingSystemMXBean os =
                ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1_000_000;
        }
        return 0;
    }
}
