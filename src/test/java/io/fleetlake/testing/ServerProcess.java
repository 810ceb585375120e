package io.fleetlake.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a local server process the tests started to be ready, or failing with its log. */
public final class ServerProcess {
    private ServerProcess() {}

    /**
     * Polls {@code ready} every 100 ms until it is true; fails naming the log when the process
     * exits first or when {@code within} passes ({@code onTimeout} runs first: it stops the process
     * by its PID).
     *
     * @param what the server and what readiness means, e.g. "mosquitto did not listen"
     */
    public static void awaitReady(
            Process p,
            String name,
            String what,
            Path log,
            Duration within,
            BooleanSupplier ready,
            Runnable onTimeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!ready.getAsBoolean()) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                onTimeout.run();
                throw new IOException(what + " within " + within.toSeconds() + " s; see " + log);
            }
            Thread.sleep(100);
        }
    }
}
