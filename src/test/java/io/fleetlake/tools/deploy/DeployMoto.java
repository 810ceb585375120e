package io.fleetlake.tools.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private moto fixture of the deploy tests (the shared MotoServer extension of the moto helper
 * will replace it): {@code moto_server -H 127.0.0.1 -p <free port>}, or the same moto with the MSF
 * operations moto 5.2.1 lacks (UpdateApplication, StartApplication, StopApplication,
 * ListApplicationSnapshots: local-stack/aws/moto_msf.py, as `local-stack/start aws` runs it),
 * stopped by its PID.
 */
final class DeployMoto implements AutoCloseable {
    private final Process process;
    final int port;

    private DeployMoto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Plain moto_server. */
    static DeployMoto plain(Path dir) throws IOException, InterruptedException {
        return start(dir, null);
    }

    /** moto with UpdateApplication and the other MSF operations it lacks. */
    static DeployMoto withMsfUpdate(Path dir) throws IOException, InterruptedException {
        // The same script `local-stack/start aws` runs, so the test checks what a user gets.
        return start(dir, Path.of("local-stack/aws/moto_msf.py").toAbsolutePath());
    }

    private static DeployMoto start(Path dir, Path script)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command =
                script == null
                        ? List.of("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                        : List.of(
                                "python3",
                                script.toString(),
                                "-H",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(port));
        Path log = dir.resolve("moto-" + port + ".log");
        Process p;
        try {
            p =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot start "
                            + command.get(0)
                            + ": moto_server (moto 5.2.1, pip package 'moto[server]') must be on"
                            + " PATH",
                    e);
        }
        DeployMoto moto = new DeployMoto(p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!moto.accepting()) {
            if (!p.isAlive()) {
                throw new IllegalStateException("moto exited: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                moto.close();
                throw new IllegalStateException("moto did not start within 60 s");
            }
            Thread.sleep(100);
        }
        return moto;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private boolean accepting() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
