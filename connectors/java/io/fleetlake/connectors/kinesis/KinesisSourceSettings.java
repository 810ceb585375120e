package io.fleetlake.connectors.kinesis;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.apache.flink.configuration.ReadableConfig;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * What the Kinesis source reads and how: stream, region, start position, reader (polling or
 * enhanced fan-out), endpoint and credentials. Immutable; build with {@link #fromConfiguration}
 * (the {@code Source.Kinesis} group's {@link KinesisSourceOptions}) or {@link #builder(String)}.
 */
public final class KinesisSourceSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where a reader without checkpointed state starts in each shard. */
    public enum InitialPosition {
        /** Only records written after the job starts. */
        LATEST,
        /** The oldest record still retained. */
        TRIM_HORIZON,
        /** The first record at or after {@link #initialTimestamp()}. */
        AT_TIMESTAMP
    }

    /** How records are fetched. */
    public enum ReaderType {
        /**
         * GetRecords polling; shares each shard's 2 MiB/s and 5 reads/s with every other polling
         * reader.
         */
        POLLING,
        /** Enhanced fan-out (SubscribeToShard): a dedicated 2 MiB/s per shard for this consumer. */
        EFO
    }

    private final String streamName;
    private final String region;
    private final InitialPosition initialPosition;
    private final Instant initialTimestamp;
    private final ReaderType readerType;
    private final String efoConsumerName;
    private final String efoConsumerArn;
    private final String endpoint;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final boolean trustAllCertificates;
    private final Duration shardDiscoveryInterval;
    private final Duration pollingInterval;

    private KinesisSourceSettings(Builder b) {
        this.streamName = b.streamName;
        this.region = b.region;
        this.initialPosition = b.initialPosition;
        this.initialTimestamp = b.initialTimestamp;
        this.readerType = b.readerType;
        this.efoConsumerName = b.efoConsumerName;
        this.efoConsumerArn = b.efoConsumerArn;
        this.endpoint = b.endpoint;
        this.accessKeyId = b.accessKeyId;
        this.secretAccessKey = b.secretAccessKey;
        this.trustAllCertificates = b.trustAllCertificates;
        this.shardDiscoveryInterval = b.shardDiscoveryInterval;
        this.pollingInterval = b.pollingInterval;
    }

    /**
     * @param stream a stream name or ARN ({@code arn:aws:kinesis:REGION:ACCOUNT:stream/NAME}); an
     *     ARN also gives the region when none is set
     */
    public static Builder builder(String stream) {
        return new Builder(stream);
    }

    /**
     * The settings the {@link KinesisSourceOptions} in {@code config} describe. Without a region
     * (set, or in the stream ARN) and without an endpoint override, the SDK's region chain
     * (AWS_REGION, the profile) gives it, as AWS tools do. Fails with {@link
     * IllegalArgumentException} naming the key.
     */
    public static KinesisSourceSettings fromConfiguration(ReadableConfig config) {
        Builder b = builder(config.getOptional(KinesisSourceOptions.STREAM).orElse(null));
        config.getOptional(KinesisSourceOptions.REGION).ifPresent(b::region);
        b.endpoint(config.getOptional(KinesisSourceOptions.ENDPOINT).orElse(null));
        if (b.region == null && b.endpoint == null) {
            b.region(regionFromEnvironment());
        }
        b.initialPosition(
                config.get(KinesisSourceOptions.INITIAL_POSITION),
                config.getOptional(KinesisSourceOptions.INITIAL_TIMESTAMP)
                        .map(KinesisSourceSettings::timestamp)
                        .orElse(null));
        b.reader(
                config.get(KinesisSourceOptions.READER),
                config.getOptional(KinesisSourceOptions.EFO_CONSUMER_NAME).orElse(null));
        b.efoConsumerArn(config.getOptional(KinesisSourceOptions.EFO_CONSUMER_ARN).orElse(null));
        String key = config.getOptional(KinesisSourceOptions.ACCESS_KEY_ID).orElse(null);
        String secret = config.getOptional(KinesisSourceOptions.SECRET_ACCESS_KEY).orElse(null);
        if (key != null || secret != null) {
            b.staticCredentials(key, secret);
        }
        return b.trustAllCertificates(config.get(KinesisSourceOptions.TRUST_ALL_CERTIFICATES))
                .shardDiscoveryInterval(config.get(KinesisSourceOptions.SHARD_DISCOVERY_INTERVAL))
                .pollingInterval(config.get(KinesisSourceOptions.POLLING_INTERVAL))
                .build();
    }

    /** ISO-8601 (a date or a time without offset is UTC) or epoch milliseconds. */
    private static Instant timestamp(String text) {
        String t = text.trim();
        try {
            if (t.matches("-?\\d+")) {
                return Instant.ofEpochMilli(Long.parseLong(t));
            }
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                return t.length() == 10
                        ? LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC)
                        : LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "bad value '"
                            + text
                            + "' for '"
                            + KinesisSourceOptions.INITIAL_TIMESTAMP.key()
                            + "': expected ISO-8601 or epoch ms");
        }
    }

    /** The SDK's region chain (AWS_REGION, the profile), or null when it finds none. */
    private static String regionFromEnvironment() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    public String streamName() {
        return streamName;
    }

    /** The region, or null when none was given (then the endpoint must be set). */
    public String region() {
        return region;
    }

    public InitialPosition initialPosition() {
        return initialPosition;
    }

    public Instant initialTimestamp() {
        return initialTimestamp;
    }

    public ReaderType readerType() {
        return readerType;
    }

    public String efoConsumerName() {
        return efoConsumerName;
    }

    /** A consumer registered outside the job (no registration by the job), or null. */
    public String efoConsumerArn() {
        return efoConsumerArn;
    }

    public String endpoint() {
        return endpoint;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    public boolean trustAllCertificates() {
        return trustAllCertificates;
    }

    public Duration shardDiscoveryInterval() {
        return shardDiscoveryInterval;
    }

    public Duration pollingInterval() {
        return pollingInterval;
    }

    @Override
    public String toString() {
        // No credentials.
        return "Kinesis{"
                + streamName
                + (region == null ? "" : " " + region)
                + " "
                + readerType
                + " from "
                + initialPosition
                + (endpoint == null ? "" : " at " + endpoint)
                + "}";
    }

    /** Builds {@link KinesisSourceSettings}, validating the combination on {@link #build()}. */
    public static final class Builder {
        private String streamName;
        private String region;
        private InitialPosition initialPosition =
                KinesisSourceOptions.INITIAL_POSITION.defaultValue();
        private Instant initialTimestamp;
        private ReaderType readerType = KinesisSourceOptions.READER.defaultValue();
        private String efoConsumerName;
        private String efoConsumerArn;
        private String endpoint;
        private String accessKeyId;
        private String secretAccessKey;
        private boolean trustAllCertificates =
                KinesisSourceOptions.TRUST_ALL_CERTIFICATES.defaultValue();
        private Duration shardDiscoveryInterval =
                KinesisSourceOptions.SHARD_DISCOVERY_INTERVAL.defaultValue();
        private Duration pollingInterval = KinesisSourceOptions.POLLING_INTERVAL.defaultValue();

        private Builder(String stream) {
            if (stream == null || stream.isBlank()) {
                throw new IllegalArgumentException(
                        "Kinesis stream name or ARN ('"
                                + KinesisSourceOptions.STREAM.key()
                                + "') is empty");
            }
            String s = stream.trim();
            if (s.startsWith("arn:")) {
                // arn:PARTITION:kinesis:REGION:ACCOUNT:stream/NAME
                String[] parts = s.split(":", 6);
                if (parts.length != 6
                        || !parts[2].equals("kinesis")
                        || !parts[5].startsWith("stream/")
                        || parts[5].length() == "stream/".length()) {
                    throw new IllegalArgumentException(
                            "not a Kinesis stream ARN: '"
                                    + s
                                    + "' (expected arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)");
                }
                this.streamName = parts[5].substring("stream/".length());
                this.region = parts[3].isEmpty() ? null : parts[3];
            } else {
                this.streamName = s;
            }
        }

        /** The region; overrides one taken from an ARN. */
        public Builder region(String region) {
            if (region != null && !region.isBlank()) {
                this.region = region.trim();
            }
            return this;
        }

        public Builder initialPosition(InitialPosition position, Instant timestamp) {
            this.initialPosition = Objects.requireNonNull(position);
            this.initialTimestamp = timestamp;
            return this;
        }

        /** An EFO consumer registered outside the job (registration type NONE). */
        public Builder efoConsumerArn(String arn) {
            this.efoConsumerArn = arn == null || arn.isBlank() ? null : arn.trim();
            return this;
        }

        public Builder reader(ReaderType type, String efoConsumerName) {
            this.readerType = Objects.requireNonNull(type);
            this.efoConsumerName =
                    efoConsumerName == null || efoConsumerName.isBlank() ? null : efoConsumerName;
            return this;
        }

        /**
         * An endpoint override (a local server, a VPC endpoint); null for the region's public
         * endpoint.
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint == null || endpoint.isBlank() ? null : endpoint.trim();
            return this;
        }

        /**
         * Static credentials (for local servers); without them the default AWS credentials chain is
         * used.
         */
        public Builder staticCredentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        /** Accept any TLS certificate (local servers with self-signed certificates only). */
        public Builder trustAllCertificates(boolean trustAll) {
            this.trustAllCertificates = trustAll;
            return this;
        }

        /** How often to look for new shards (after a reshard). */
        public Builder shardDiscoveryInterval(Duration interval) {
            this.shardDiscoveryInterval = Objects.requireNonNull(interval);
            return this;
        }

        /** Pause between GetRecords calls on a shard (polling reader only). */
        public Builder pollingInterval(Duration interval) {
            this.pollingInterval = Objects.requireNonNull(interval);
            return this;
        }

        public KinesisSourceSettings build() {
            if (initialPosition == InitialPosition.AT_TIMESTAMP && initialTimestamp == null) {
                throw new IllegalArgumentException(
                        "initial position AT_TIMESTAMP needs an initial timestamp ('"
                                + KinesisSourceOptions.INITIAL_TIMESTAMP.key()
                                + "')");
            }
            if (readerType == ReaderType.EFO && efoConsumerName == null && efoConsumerArn != null) {
                // The connector wants a name even when it registers nothing; the ARN's last part.
                efoConsumerName = efoConsumerArn.replaceAll("^.*consumer/([^:]+).*$", "$1");
            }
            if (readerType == ReaderType.EFO && efoConsumerName == null) {
                throw new IllegalArgumentException(
                        "the EFO reader needs a consumer name ('"
                                + KinesisSourceOptions.EFO_CONSUMER_NAME.key()
                                + "', unique per application reading the "
                                + "stream)");
            }
            if (region == null && endpoint == null) {
                throw new IllegalArgumentException(
                        "no region for Kinesis stream '"
                                + streamName
                                + "': set the region (or give the stream as an ARN, or an endpoint)");
            }
            if ((accessKeyId == null) != (secretAccessKey == null)) {
                throw new IllegalArgumentException(
                        "static Kinesis credentials need both an access key id and a "
                                + "secret access key");
            }
            if (shardDiscoveryInterval.isNegative()
                    || shardDiscoveryInterval.isZero()
                    || pollingInterval.isNegative()) {
                throw new IllegalArgumentException(
                        "shard discovery interval must be > 0 and polling interval >= 0");
            }
            return new KinesisSourceSettings(this);
        }
    }
}
