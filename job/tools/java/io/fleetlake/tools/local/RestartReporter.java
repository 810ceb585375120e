package io.fleetlake.tools.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;

/**
 * Prints each failure of the local job on one line with its root cause, as it happens, so a job
 * that keeps restarting is never silent. Reads the job's exception history from the in-process
 * cluster's REST API ({@code GET /jobs/:id/exceptions}), the same list Flink's web UI shows.
 */
final class RestartReporter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI exceptions;
    private final int attempts;
    private final PrintStream err;
    private final Set<String> seen = new HashSet<>();

    RestartReporter(Configuration cluster, JobID job, int attempts, PrintStream err) {
        this.exceptions =
                URI.create(
                        "http://"
                                + cluster.get(RestOptions.ADDRESS)
                                + ":"
                                + cluster.get(RestOptions.PORT)
                                + "/jobs/"
                                + job
                                + "/exceptions?maxExceptions=20");
        this.attempts = attempts;
        this.err = err;
    }

    /** A loopback port nothing listens on right now, for the cluster's REST API. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    /** Failures printed so far. */
    int restartsSeen() {
        return Math.min(seen.size(), attempts);
    }

    /**
     * Prints the failures not printed yet (oldest first). A cluster that does not answer is skipped
     * quietly.
     */
    void poll() {
        JsonNode entries;
        try {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(exceptions).timeout(TIMEOUT).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return;
            }
            entries = JSON.readTree(response.body()).path("exceptionHistory").path("entries");
        } catch (IOException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode entry : entries) {
            String key =
                    entry.path("timestamp").asText() + "/" + entry.path("exceptionName").asText();
            if (seen.add(key)) {
                fresh.add(0, entry); // the history lists the newest first
            }
        }
        int n = seen.size() - fresh.size();
        for (JsonNode entry : fresh) {
            n++;
            String cause =
                    rootCause(
                            entry.path("stacktrace").asText(entry.path("exceptionName").asText()));
            err.println(
                    n <= attempts
                            ? "fleetlake: failure "
                                    + n
                                    + ", restart "
                                    + n
                                    + " of "
                                    + attempts
                                    + ": "
                                    + cause
                            : "fleetlake: failure " + n + ", no restarts left: " + cause);
        }
    }

    /** The most telling cause in a Java stack trace's text ({@link #mostTelling}). */
    static String rootCause(String stackTrace) {
        List<String> causes = new ArrayList<>();
        for (String line : stackTrace.split("\n")) {
            String t = line.trim();
            if (causes.isEmpty() && !t.isEmpty()) {
                causes.add(t);
            } else if (t.startsWith("Caused by: ")) {
                causes.add(t.substring("Caused by: ".length()));
            }
        }
        return causes.isEmpty() ? "(no message)" : mostTelling(causes);
    }

    /** The most telling of an exception's causes ({@link #mostTelling}). */
    static String rootCause(Throwable e) {
        List<String> causes = new ArrayList<>();
        for (Throwable t = e;
                t != null && causes.size() < 50;
                t = t.getCause() == t ? null : t.getCause()) {
            causes.add(t.toString());
        }
        return mostTelling(causes);
    }

    /**
     * The root cause, or the cause above it when that one says the same and more: a bare {@code
     * ConnectException: Connection refused} names no endpoint, while the client exception around it
     * ({@code Connect to 127.0.0.1:4567 failed: Connection refused}) does. Wrappers that only
     * repeat the cause's {@code toString()} are not preferred.
     *
     * @param causes {@code Class: message} of each cause, outermost first
     */
    static String mostTelling(List<String> causes) {
        int i = causes.size() - 1;
        while (i > 0) {
            String child = causes.get(i);
            String childMessage = message(child);
            String parentMessage = message(causes.get(i - 1));
            if (childMessage.isEmpty()
                    || !parentMessage.contains(childMessage)
                    || parentMessage.startsWith(className(child))) {
                break;
            }
            i--;
        }
        return causes.get(i);
    }

    private static String className(String cause) {
        int colon = cause.indexOf(": ");
        return colon < 0 ? cause : cause.substring(0, colon);
    }

    private static String message(String cause) {
        int colon = cause.indexOf(": ");
        return colon < 0 ? "" : cause.substring(colon + 2);
    }
}
