package io.fleetlake.connectors.influx;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes lines to InfluxDB one batch at a time, synchronously, for a re-send outside the job
 * ({@code ./fleetlake redrive}): the same requests as the sink (so a re-sent point overwrites
 * itself), 429/5xx/network errors retried with back-off until {@code retry-duration} has passed
 * without a successful write, lines a 400 names counted as rejected and reported, never retried.
 */
public final class InfluxRedrive implements AutoCloseable {
    private final InfluxSettings settings;
    private final String authorization;
    private final HttpClient http;
    private final List<String> rejected = new ArrayList<>();
    private long written;

    public InfluxRedrive(InfluxSettings settings) {
        this.settings = settings;
        this.authorization = settings.authorization();
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(settings.requestTimeout())
                        .build();
    }

    /**
     * Writes {@code lines}; throws when InfluxDB did not take them within {@code retry-duration}
     * (or answered with a status that retrying cannot fix), naming the server and its answer.
     */
    public void write(List<InfluxLine> lines) throws IOException, InterruptedException {
        if (lines.isEmpty()) {
            return;
        }
        long deadline = System.currentTimeMillis() + settings.retryDuration().toMillis();
        long backoff = 100;
        while (true) {
            String failure;
            try {
                HttpResponse<String> response =
                        http.send(
                                InfluxSinkWriter.request(settings, authorization, lines),
                                HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                switch (InfluxResponses.classify(status)) {
                    case WRITTEN:
                        written += lines.size();
                        return;
                    case REJECTED:
                        rejected(lines, status, response.body());
                        return;
                    case RETRY:
                        failure =
                                "HTTP " + status + ": " + InfluxResponses.message(response.body());
                        break;
                    case FATAL:
                    default:
                        throw new IOException(
                                "InfluxDB at "
                                        + settings.url()
                                        + " answered HTTP "
                                        + status
                                        + " writing to "
                                        + settings.target()
                                        + ": "
                                        + InfluxResponses.message(response.body()));
                }
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("InfluxDB at ")) {
                    throw e;
                }
                failure = e.toString();
            }
            if (System.currentTimeMillis() + backoff > deadline) {
                throw new IOException(
                        "InfluxDB at "
                                + settings.url()
                                + " did not take a batch of "
                                + lines.size()
                                + " line(s) within retry-duration "
                                + settings.retryDuration().toSeconds()
                                + " s: "
                                + failure);
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, settings.maxRetryBackoff().toMillis());
        }
    }

    private void rejected(List<InfluxLine> lines, int status, String body)
            throws IOException, InterruptedException {
        Map<Integer, String> named = InfluxResponses.namedLines(body, lines);
        if (named.isEmpty()) {
            if (lines.size() == 1) {
                rejected.add(lines.get(0).line() + " (HTTP " + status + ": " + body + ")");
                return;
            }
            int half = lines.size() / 2;
            write(new ArrayList<>(lines.subList(0, half)));
            write(new ArrayList<>(lines.subList(half, lines.size())));
            return;
        }
        named.forEach((i, why) -> rejected.add(lines.get(i).line() + " (" + why + ")"));
        write(InfluxResponses.others(lines, named));
    }

    /** Lines written so far. */
    public long written() {
        return written;
    }

    /** Lines InfluxDB refused for good, with its reason. */
    public List<String> rejected() {
        return rejected;
    }

    @Override
    public void close() {
        // The JDK client closes with its last reference (Java 11 has no HttpClient.close()).
    }
}
