package io.fleetlake.connectors.timestream;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * The one entry point to the Timestream connector: builds {@link TimestreamSink}s for one
 * account/region ({@link TimestreamClientConfig}). One sink writes one table; the element converter
 * the caller gives turns its elements into {@link TimestreamRecord}s, so the connector knows
 * nothing about the application's types.
 *
 * <pre>{@code
 * TimestreamSinkFactory factory = new TimestreamSinkFactory(TimestreamClientConfig.of("eu-west-1", null));
 * TimestreamSink<Reading> sink = factory.sink("fleet", "readings", readingConverter)
 *         .maxBufferTime(Duration.ofSeconds(1))
 *         .build();
 * DataStream<DeadLetter> rejected = sink.writeTo(readings, "timestream: readings", "timestream-readings",
 *         toDeadLetter, TypeInformation.of(DeadLetter.class));
 * }</pre>
 */
public final class TimestreamSinkFactory {
    private final TimestreamClientConfig client;
    private final ReadableConfig limits;

    /** Sinks with the default limits of {@link TimestreamOptions}. */
    public TimestreamSinkFactory(TimestreamClientConfig client) {
        this(client, new Configuration());
    }

    private TimestreamSinkFactory(TimestreamClientConfig client, ReadableConfig limits) {
        this.client = Objects.requireNonNull(client, "client config");
        this.limits = limits;
    }

    /**
     * Sinks with the batch and buffer limits of the {@link TimestreamOptions} in {@code config},
     * through {@code client} (usually {@link TimestreamClientConfig#fromConfiguration} of the same
     * config; tests pass static credentials). Fails with {@link IllegalArgumentException} on a bad
     * limit, naming the key.
     */
    public static TimestreamSinkFactory fromConfiguration(
            ReadableConfig config, TimestreamClientConfig client) {
        TimestreamSinkFactory factory = new TimestreamSinkFactory(client, config);
        // Validates the limits now, not when the first sink is built.
        factory.sink("validate", "validate", (e, c) -> null).validate();
        return factory;
    }

    /** The group's {@code database}. */
    public String database() {
        return limits.get(TimestreamOptions.DATABASE);
    }

    /** The group's readings {@code table}. */
    public String table() {
        return limits.get(TimestreamOptions.TABLE);
    }

    /** The group's {@code breadcrumbs-table}, if set. */
    public java.util.Optional<String> breadcrumbsTable() {
        return limits.getOptional(TimestreamOptions.BREADCRUMBS_TABLE);
    }

    /** The registry attributes written as dimensions ({@code dimension-attributes}). */
    public java.util.List<String> dimensionAttributes() {
        return limits.get(TimestreamOptions.DIMENSION_ATTRIBUTES);
    }

    /** Records per WriteRecords request ({@code max-batch-size}). */
    public int maxBatchSize() {
        return limits.get(TimestreamOptions.MAX_BATCH_SIZE);
    }

    /** How long a rejected batch is retried ({@code retry-duration}). */
    public java.time.Duration retryDuration() {
        return limits.get(TimestreamOptions.RETRY_DURATION);
    }

    public TimestreamClientConfig clientConfig() {
        return client;
    }

    /** Starts a sink for {@code database.table}. */
    public <T> Builder<T> sink(
            String database, String table, ElementConverter<T, TimestreamRecord> converter) {
        return new Builder<T>(client, database, table, converter)
                .maxBatchSize(limits.get(TimestreamOptions.MAX_BATCH_SIZE))
                .maxInFlightRequests(limits.get(TimestreamOptions.MAX_IN_FLIGHT_REQUESTS))
                .maxBufferedRequests(limits.get(TimestreamOptions.MAX_BUFFERED_REQUESTS))
                .maxBufferTime(limits.get(TimestreamOptions.MAX_BUFFER_TIME))
                .retryDuration(limits.get(TimestreamOptions.RETRY_DURATION));
    }

    /** Builds one {@link TimestreamSink}; every setting has a working default. */
    public static final class Builder<T> {
        private final TimestreamClientConfig client;
        private final String database;
        private final String table;
        private final ElementConverter<T, TimestreamRecord> converter;
        private int maxBatchSize;
        private int maxInFlightRequests;
        private int maxBufferedRequests;
        private Duration maxBufferTime;
        private Duration requestTimeout = Duration.ofMinutes(5);
        private Duration backoffBase = Duration.ofMillis(100);
        private Duration backoffMax = Duration.ofSeconds(10);
        private Duration retryDuration = TimestreamOptions.RETRY_DURATION.defaultValue();

        private Builder(
                TimestreamClientConfig client,
                String database,
                String table,
                ElementConverter<T, TimestreamRecord> converter) {
            this.client = client;
            this.database = requireName(database, "database");
            this.table = requireName(table, "table");
            this.converter = Objects.requireNonNull(converter, "element converter");
        }

        /** Records per WriteRecords call, 1 to 100. */
        public Builder<T> maxBatchSize(int n) {
            if (n < 1 || n > TimestreamRequests.MAX_RECORDS_PER_REQUEST) {
                throw new IllegalArgumentException(
                        "Timestream '"
                                + TimestreamOptions.MAX_BATCH_SIZE.key()
                                + "' must be 1.."
                                + TimestreamRequests.MAX_RECORDS_PER_REQUEST
                                + ", not "
                                + n);
            }
            this.maxBatchSize = n;
            return this;
        }

        /** Concurrent WriteRecords calls per subtask (the AIMD limiter's ceiling). */
        public Builder<T> maxInFlightRequests(int n) {
            if (n < 1) {
                throw new IllegalArgumentException(
                        "Timestream '"
                                + TimestreamOptions.MAX_IN_FLIGHT_REQUESTS.key()
                                + "' must be >= 1, not "
                                + n);
            }
            this.maxInFlightRequests = n;
            return this;
        }

        /**
         * Records buffered per subtask before the sink back-pressures; must exceed the batch size.
         */
        public Builder<T> maxBufferedRequests(int n) {
            this.maxBufferedRequests = n;
            return this;
        }

        /** Longest a record waits in the buffer before a partial batch is sent. */
        public Builder<T> maxBufferTime(Duration d) {
            this.maxBufferTime = positive(d, "'" + TimestreamOptions.MAX_BUFFER_TIME.key() + "'");
            return this;
        }

        /** After this long without an answer, a request is retried (never fails the job). */
        public Builder<T> requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "request timeout");
            return this;
        }

        /**
         * Back-off after a throttled or failed call: base * 2^(failures-1) with jitter, at most
         * {@code max}.
         */
        public Builder<T> retryBackoff(Duration base, Duration max) {
            this.backoffBase = positive(base, "retry back-off base");
            this.backoffMax = positive(max, "retry back-off max");
            return this;
        }

        /** Longest a record stays in retry before it is given up to the rejected output. */
        public Builder<T> retryDuration(Duration d) {
            this.retryDuration = positive(d, "'" + TimestreamOptions.RETRY_DURATION.key() + "'");
            return this;
        }

        /** Fails when the limits do not fit together. */
        void validate() {
            if (maxBufferedRequests <= maxBatchSize) {
                throw new IllegalArgumentException(
                        "Timestream '"
                                + TimestreamOptions.MAX_BUFFERED_REQUESTS.key()
                                + "' ("
                                + maxBufferedRequests
                                + ") must be greater than '"
                                + TimestreamOptions.MAX_BATCH_SIZE.key()
                                + "' ("
                                + maxBatchSize
                                + ")");
            }
        }

        public TimestreamSink<T> build() {
            validate();
            // Byte limits: Timestream bounds requests by record count (and a record's own size,
            // which it
            // checks and rejects per record). A record too big for the buffer would fail the job
            // inside
            // AsyncSinkWriter, so the per-record cap is set far above anything a record can legally
            // be.
            long maxRecordBytes = 4L * 1024 * 1024;
            long maxBatchBytes = maxRecordBytes * 4;
            return new TimestreamSink<>(
                    converter,
                    maxBatchSize,
                    maxInFlightRequests,
                    maxBufferedRequests,
                    maxBatchBytes,
                    maxBufferTime.toMillis(),
                    maxRecordBytes,
                    requestTimeout.toMillis(),
                    client,
                    database,
                    table,
                    backoffBase.toMillis(),
                    backoffMax.toMillis(),
                    retryDuration);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(
                        "Timestream " + what + " must be positive, not " + d);
            }
            return d;
        }

        private static String requireName(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("Timestream " + what + " name is required");
            }
            return s.trim();
        }
    }
}
