package io.fleetlake.connectors.influx;

import io.fleetlake.connectors.config.ConfigStrings;
import io.fleetlake.connectors.influx.InfluxOptions.Api;
import java.io.Serializable;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Validated settings of the {@code Influx} group: the write endpoint, its credentials, the
 * measurements and batching. Secrets (token, password) are never part of {@link #toString()} nor of
 * any message.
 */
public final class InfluxSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final Api api;
    private final String database;
    private final String retentionPolicy;
    private final String org;
    private final String bucket;
    private final String token;
    private final String username;
    private final String password;
    private final String measurementReadings;
    private final String measurementBreadcrumbs;
    private final List<String> tagAttributes;
    private final int maxBatchSize;
    private final long maxBatchBytes;
    private final Duration maxBufferTime;
    private final boolean gzip;
    private final int maxInFlightRequests;
    private final int maxBufferedRequests;
    private final Duration requestTimeout;
    private final Duration maxRetryBackoff;
    private final Duration retryDuration;

    private InfluxSettings(ReadableConfig c) {
        this.url = stripSlash(require(c, InfluxOptions.URL, "every api"));
        this.api = c.get(InfluxOptions.API);
        this.database = ConfigStrings.trimToNull(c.get(InfluxOptions.DATABASE));
        this.retentionPolicy = ConfigStrings.trimToNull(c.get(InfluxOptions.RETENTION_POLICY));
        this.org = ConfigStrings.trimToNull(c.get(InfluxOptions.ORG));
        this.bucket = ConfigStrings.trimToNull(c.get(InfluxOptions.BUCKET));
        this.token = ConfigStrings.trimToNull(c.get(InfluxOptions.TOKEN));
        this.username = ConfigStrings.trimToNull(c.get(InfluxOptions.USERNAME));
        this.password = c.get(InfluxOptions.PASSWORD);
        this.measurementReadings = require(c, InfluxOptions.MEASUREMENT_READINGS, "every api");
        this.measurementBreadcrumbs =
                ConfigStrings.trimToNull(c.get(InfluxOptions.MEASUREMENT_BREADCRUMBS));
        this.tagAttributes = new ArrayList<>(c.get(InfluxOptions.TAG_ATTRIBUTES));
        this.maxBatchSize = range(c, InfluxOptions.MAX_BATCH_SIZE, 1, 100_000);
        this.maxBatchBytes = c.get(InfluxOptions.MAX_BATCH_BYTES).getBytes();
        this.maxBufferTime = positive(c, InfluxOptions.MAX_BUFFER_TIME);
        this.gzip = c.get(InfluxOptions.GZIP);
        this.maxInFlightRequests = range(c, InfluxOptions.MAX_IN_FLIGHT, 1, 100);
        this.maxBufferedRequests = c.get(InfluxOptions.MAX_BUFFERED);
        this.requestTimeout = positive(c, InfluxOptions.REQUEST_TIMEOUT);
        this.maxRetryBackoff = positive(c, InfluxOptions.MAX_RETRY_BACKOFF);
        this.retryDuration = positive(c, InfluxOptions.RETRY_DURATION);
        validate();
    }

    /**
     * Reads and checks the group; fails with an {@link IllegalArgumentException} naming the group
     * and key of the first problem.
     */
    public static InfluxSettings fromConfiguration(ReadableConfig config) {
        return new InfluxSettings(config);
    }

    private void validate() {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw bad(InfluxOptions.URL, "is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                || uri.getHost() == null) {
            throw bad(
                    InfluxOptions.URL,
                    "must be an http:// or https:// URL with a host, not '" + url + "'");
        }
        switch (api) {
            case V1:
            case V3:
                requireSet(database, InfluxOptions.DATABASE);
                break;
            case V2:
            default:
                requireSet(org, InfluxOptions.ORG);
                requireSet(bucket, InfluxOptions.BUCKET);
                requireSet(token, InfluxOptions.TOKEN);
                break;
        }
        if ((username == null) != (password == null)) {
            throw bad(
                    username == null ? InfluxOptions.USERNAME : InfluxOptions.PASSWORD,
                    "is needed too: username and password go together");
        }
        if (username != null && api != Api.V1) {
            throw bad(
                    InfluxOptions.USERNAME,
                    "is for api v1 only; api " + api + " authenticates with token");
        }
        if (username != null && token != null) {
            throw bad(InfluxOptions.TOKEN, "and username/password are both set: use one");
        }
        if (maxBatchBytes < 64 * 1024 || maxBatchBytes > 64L * 1024 * 1024) {
            throw bad(
                    InfluxOptions.MAX_BATCH_BYTES,
                    "must be 64 kb to 64 mb, not " + maxBatchBytes + " bytes");
        }
        if (maxBufferedRequests <= maxBatchSize) {
            throw bad(
                    InfluxOptions.MAX_BUFFERED,
                    "("
                            + maxBufferedRequests
                            + ") must be greater than "
                            + InfluxOptions.MAX_BATCH_SIZE.key()
                            + " ("
                            + maxBatchSize
                            + ")");
        }
        if (measurementReadings.equals(measurementBreadcrumbs)) {
            throw bad(
                    InfluxOptions.MEASUREMENT_BREADCRUMBS, "must differ from measurement-readings");
        }
    }

    private void requireSet(String value, ConfigOption<?> option) {
        if (value == null) {
            throw missing(option, "api " + api);
        }
    }

    private static String require(ReadableConfig c, ConfigOption<String> option, String forWhat) {
        String v = ConfigStrings.trimToNull(c.get(option));
        if (v == null) {
            throw missing(option, forWhat);
        }
        return v;
    }

    private static int range(ReadableConfig c, ConfigOption<Integer> option, int min, int max) {
        int v = c.get(option);
        if (v < min || v > max) {
            throw bad(option, "must be " + min + " to " + max + ", not " + v);
        }
        return v;
    }

    private static Duration positive(ReadableConfig c, ConfigOption<Duration> option) {
        Duration d = c.get(option);
        if (d.isZero() || d.isNegative()) {
            throw bad(option, "must be positive, not " + d);
        }
        return d;
    }

    private static IllegalArgumentException missing(ConfigOption<?> option, String forWhat) {
        return new IllegalArgumentException(
                "missing required key '"
                        + option.key()
                        + "' in property group '"
                        + InfluxOptions.GROUP
                        + "' (needed for "
                        + forWhat
                        + ")");
    }

    private static IllegalArgumentException bad(ConfigOption<?> option, String problem) {
        return new IllegalArgumentException(
                "'"
                        + option.key()
                        + "' in property group '"
                        + InfluxOptions.GROUP
                        + "' "
                        + problem);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The write endpoint with its query string, precision milliseconds. */
    public URI writeUri() {
        StringBuilder b = new StringBuilder(url);
        switch (api) {
            case V1:
                b.append("/write?db=").append(enc(database));
                if (retentionPolicy != null) {
                    b.append("&rp=").append(enc(retentionPolicy));
                }
                b.append("&precision=ms");
                break;
            case V3:
                b.append("/api/v3/write_lp?db=")
                        .append(enc(database))
                        .append("&precision=millisecond");
                break;
            case V2:
            default:
                b.append("/api/v2/write?org=")
                        .append(enc(org))
                        .append("&bucket=")
                        .append(enc(bucket))
                        .append("&precision=ms");
                break;
        }
        return URI.create(b.toString());
    }

    /** The Authorization header value, or null when the server runs without authentication. */
    String authorization() {
        if (token != null) {
            return (api == Api.V3 ? "Bearer " : "Token ") + token;
        }
        if (username != null) {
            return "Basic "
                    + Base64.getEncoder()
                            .encodeToString(
                                    (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** The settings a refused credential points at, for the failure message. */
    String credentialKeys() {
        String g = InfluxOptions.GROUP + ".";
        if (token != null) {
            return g + InfluxOptions.TOKEN.key();
        }
        if (username != null) {
            return g + InfluxOptions.USERNAME.key() + " / " + g + InfluxOptions.PASSWORD.key();
        }
        return g + InfluxOptions.TOKEN.key() + " (none set)";
    }

    /** The settings that name the write target, for a 404. */
    String targetKeys() {
        String g = InfluxOptions.GROUP + ".";
        switch (api) {
            case V1:
                return g
                        + "database"
                        + (retentionPolicy == null ? "" : " / " + g + "retention-policy");
            case V3:
                return g + "database";
            case V2:
            default:
                return g + "org / " + g + "bucket";
        }
    }

    /** Where the lines go, for logs and messages ({@code database "x"}, {@code bucket "o/b"}). */
    public String target() {
        switch (api) {
            case V1:
            case V3:
                return "database \""
                        + database
                        + "\""
                        + (retentionPolicy == null ? "" : " rp \"" + retentionPolicy + "\"");
            case V2:
            default:
                return "bucket \"" + bucket + "\" of org \"" + org + "\"";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public String url() {
        return url;
    }

    public Api api() {
        return api;
    }

    public String measurementReadings() {
        return measurementReadings;
    }

    /** Null when breadcrumbs are not written. */
    public String measurementBreadcrumbs() {
        return measurementBreadcrumbs;
    }

    public List<String> tagAttributes() {
        return List.copyOf(tagAttributes);
    }

    public int maxBatchSize() {
        return maxBatchSize;
    }

    public long maxBatchBytes() {
        return maxBatchBytes;
    }

    public Duration maxBufferTime() {
        return maxBufferTime;
    }

    public boolean gzip() {
        return gzip;
    }

    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    public int maxBufferedRequests() {
        return maxBufferedRequests;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration maxRetryBackoff() {
        return maxRetryBackoff;
    }

    /** How long a line may stay in retry before it is given up as a dead letter. */
    public Duration retryDuration() {
        return retryDuration;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfluxSettings
                && toString().equals(o.toString())
                && Objects.equals(token, ((InfluxSettings) o).token)
                && Objects.equals(password, ((InfluxSettings) o).password);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        // Secrets stay out: only whether they are set.
        return "InfluxSettings{"
                + url
                + " api="
                + api
                + " "
                + target()
                + " auth="
                + (token != null ? "token" : username != null ? "user " + username : "none")
                + " readings="
                + measurementReadings
                + " breadcrumbs="
                + measurementBreadcrumbs
                + " tags="
                + tagAttributes
                + " batch="
                + maxBatchSize
                + "/"
                + maxBatchBytes
                + "B/"
                + maxBufferTime
                + " gzip="
                + gzip
                + " inFlight="
                + maxInFlightRequests
                + " retryDuration="
                + retryDuration
                + "}";
    }
}
