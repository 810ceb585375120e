package io.fleetlake.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs a Debian package a test server needs when its executable is missing (as root, like CI;
 * else via {@code sudo -n}), logging apt-get to {@code target/apt-<package>.log}. The package's own
 * service (if the machine runs one) is not the test's: tests start their own server.
 */
final class DebianPackage {
    private DebianPackage() {}

    /** Makes sure {@code executable} exists, installing {@code pkg} with apt-get otherwise. */
    static void ensure(String pkg, String executable) throws IOException, InterruptedException {
        if (Files.isExecutable(Paths.get(executable))) {
            return;
        }
        Path logFile = Paths.get("target/apt-" + pkg + ".log").toAbsolutePath();
        Files.createDirectories(logFile.getParent());
        boolean root = "root".equals(System.getProperty("user.name"));
        for (String[] cmd :
                new String[][] {
                    {"apt-get", "update", "-qq"}, {"apt-get", "install", "-y", "-qq", pkg}
                }) {
            List<String> command = new ArrayList<>();
            if (!root) {
                command.add("sudo");
                command.add("-n");
            }
            command.addAll(List.of(cmd));
            ProcessBuilder pb =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        String.join(" ", command) + " took over 600 s; see " + logFile);
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed; see " + logFile);
            }
        }
        if (!Files.isExecutable(Paths.get(executable))) {
            throw new IOException(
                    "the " + pkg + " package did not install " + executable + "; see " + logFile);
        }
    }
}
