package io.fleetlake.connectors.glue;

import io.fleetlake.connectors.config.ConfigStrings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Where and how to reach the Glue Data Catalog. Serializable: the registration operators build
 * their client from it on the TaskManager.
 */
public final class GlueSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String database;
    private String region;
    private String endpoint;
    private String catalogId;
    private String accessKey;
    private String secretKey;
    private int maxAttempts = GlueOptions.MAX_ATTEMPTS.defaultValue();
    private Duration retryInterval = GlueOptions.RETRY_INTERVAL.defaultValue();
    private Duration baseBackoff = Duration.ofMillis(100);

    public GlueSettings(String database) {
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException(
                    "Glue needs a database name ('" + GlueOptions.DATABASE.key() + "')");
        }
        this.database = database.trim();
    }

    /**
     * The settings the {@link GlueOptions} in {@code config} describe ({@code location} is the
     * caller's: it defaults to the lake's path). Fails with {@link IllegalArgumentException} naming
     * the key.
     */
    public static GlueSettings fromConfiguration(ReadableConfig config) {
        GlueSettings s =
                new GlueSettings(config.get(GlueOptions.DATABASE))
                        .region(config.getOptional(GlueOptions.REGION).orElse(null))
                        .endpoint(config.getOptional(GlueOptions.ENDPOINT).orElse(null))
                        .catalogId(config.getOptional(GlueOptions.CATALOG_ID).orElse(null))
                        .credentials(
                                config.getOptional(GlueOptions.ACCESS_KEY).orElse(null),
                                config.getOptional(GlueOptions.SECRET_KEY).orElse(null))
                        .maxAttempts(config.get(GlueOptions.MAX_ATTEMPTS));
        Duration retry = config.get(GlueOptions.RETRY_INTERVAL);
        if (retry.isNegative() || retry.isZero()) {
            throw new IllegalArgumentException(
                    "'" + GlueOptions.RETRY_INTERVAL.key() + "' must be positive, got " + retry);
        }
        return s.retryInterval(retry);
    }

    /**
     * Where the tables' files are ({@code location} of the {@link GlueOptions} in {@code config}),
     * else {@code lakePath}.
     */
    public static String location(ReadableConfig config, String lakePath) {
        return config.getOptional(GlueOptions.LOCATION).orElse(lakePath);
    }

    /**
     * AWS region; unset: the default region chain (us-east-1 with an endpoint override and no
     * region).
     */
    public GlueSettings region(String region) {
        this.region = ConfigStrings.trimToNull(region);
        return this;
    }

    /** Endpoint override (a Glue-compatible stand-in); unset: the region's Glue endpoint. */
    public GlueSettings endpoint(String endpoint) {
        this.endpoint = ConfigStrings.trimToNull(endpoint);
        return this;
    }

    /** Catalog id (the owning account); unset: the caller's account. */
    public GlueSettings catalogId(String catalogId) {
        this.catalogId = ConfigStrings.trimToNull(catalogId);
        return this;
    }

    /** Static credentials for a local stand-in only; unset: the default AWS credential chain. */
    public GlueSettings credentials(String accessKey, String secretKey) {
        this.accessKey = ConfigStrings.trimToNull(accessKey);
        this.secretKey = ConfigStrings.trimToNull(secretKey);
        return this;
    }

    /** Attempts per Glue call, throttling and 5xx included (the SDK's standard retry strategy). */
    public GlueSettings maxAttempts(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "'"
                            + GlueOptions.MAX_ATTEMPTS.key()
                            + "' must be at least 1, got "
                            + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        return this;
    }

    /**
     * How soon partitions that could not be registered are tried again when no new commit comes
     * first.
     */
    public GlueSettings retryInterval(Duration retryInterval) {
        this.retryInterval = Objects.requireNonNull(retryInterval);
        return this;
    }

    /** First retry delay; doubles per attempt (throttling waits five times longer). */
    public GlueSettings baseBackoff(Duration baseBackoff) {
        this.baseBackoff = Objects.requireNonNull(baseBackoff);
        return this;
    }

    public String database() {
        return database;
    }

    public String region() {
        return region;
    }

    public String endpoint() {
        return endpoint;
    }

    public String catalogId() {
        return catalogId;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration retryInterval() {
        return retryInterval;
    }

    public Duration baseBackoff() {
        return baseBackoff;
    }

    @Override
    public String toString() {
        // The secret is never printed.
        return "GlueSettings{database="
                + database
                + ", region="
                + region
                + ", endpoint="
                + endpoint
                + ", catalogId="
                + catalogId
                + ", staticCredentials="
                + (accessKey != null)
                + "}";
    }
}
