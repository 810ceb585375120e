package io.fleetlake.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for page tests: headless Chromium (Debian package {@code chromium}), installed
 * with apt-get on first use when missing, run once per page load with a fresh profile and stopped
 * by PID if it hangs.
 *
 * <p>Page loads run on a virtual-time budget: Chromium advances the page's clock only while no
 * request is in flight, so the page's fetches and timers have run when the DOM is dumped or the
 * screenshot taken.
 */
public final class HeadlessChromium {
    private static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");
    private static final long TIMEOUT_S = 120;

    private HeadlessChromium() {}

    /** The browser's path, installing the Debian package when it is missing. */
    public static synchronized Path executable() throws IOException, InterruptedException {
        if (Files.isExecutable(EXECUTABLE)) {
            return EXECUTABLE;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> install = new ArrayList<>();
        if (!root) {
            install.add("sudo");
            install.add("-n");
        }
        install.addAll(
                List.of(
                        "env",
                        "DEBIAN_FRONTEND=noninteractive",
                        "apt-get",
                        "install",
                        "-y",
                        "-q",
                        "--no-install-recommends",
                        "chromium"));
        Path log = Paths.get("target/chromium-install.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process p =
                new ProcessBuilder(install)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        if (!p.waitFor(900, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("apt-get install chromium took over 900 s; see " + log);
        }
        if (p.exitValue() != 0 || !Files.isExecutable(EXECUTABLE)) {
            throw new IOException(
                    "apt-get install chromium failed (run 'apt-get update' first?); see " + log);
        }
        return EXECUTABLE;
    }

    /** Loads {@code url} and returns the DOM after {@code budgetMs} of virtual time. */
    public static String dumpDom(String url, long budgetMs)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("chromium-dom", ".html");
        try {
            run(out, "--virtual-time-budget=" + budgetMs, "--dump-dom", url);
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Loads {@code url} in a {@code width}x{@code height} window and saves a PNG screenshot after
     * the budget.
     */
    public static void screenshot(String url, long budgetMs, Path png, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        Path log = Files.createTempFile("chromium-shot", ".log");
        try {
            run(
                    log,
                    "--virtual-time-budget=" + budgetMs,
                    "--window-size=" + width + "," + height,
                    "--hide-scrollbars",
                    "--screenshot=" + png.toAbsolutePath(),
                    url);
        } finally {
            Files.deleteIfExists(log);
        }
        if (!Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
    }

    /**
     * Runs one headless Chromium to completion with a fresh profile, its stdout to {@code stdout}.
     */
    private static void run(Path stdout, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                executable().toString(),
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--disable-dev-shm-usage",
                                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path err = Paths.get("target/chromium.log").toAbsolutePath();
        Files.createDirectories(err.getParent());
        Process p =
                new ProcessBuilder(cmd)
                        .redirectOutput(stdout.toFile())
                        .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
                        .start();
        try {
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish within " + TIMEOUT_S + " s: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IOException("chromium exited with " + p.exitValue() + "; see " + err);
            }
        } finally {
            // Its renderer and GPU helpers are children: stop the whole tree of this one process.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
