package io.fleetlake.connectors.kinesis;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Properties;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.serialization.KinesisDeserializationSchema;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The one entry point to Kinesis Data Streams: the source ({@link #attachSource}), a writer that
 * sends user records KPL-aggregated within the per-shard limits ({@link #newWriter}), and a plain
 * SDK client ({@link #newClient}) for administration.
 *
 * <p><b>Which source.</b> The source is flink-connector-kinesis 4.3.0's {@link
 * FlinkKinesisConsumer} (not deprecated in 4.3.0; deprecated from 5.0, which is not reachable
 * here). It reads by polling or enhanced fan-out, de-aggregates KPL records natively (and restores
 * mid-aggregate by sub-sequence number), follows reshards, and checkpoints its shard positions, so
 * with the lake's two-phase commit the path is exactly-once. The {@code KinesisStreamsSource}
 * bundled in the same jar was not chosen: it does no KPL de-aggregation and loses data when
 * restoring at a shard split (FLINK-37627, fixed in 5.1.0). Switching to a 5.x {@code
 * KinesisStreamsSource} later changes only this class: callers see {@link KinesisSourceSettings}
 * and {@link KinesisRecordConverter}, never the connector's types.
 *
 * <p><b>Corrupt aggregates.</b> The consumer's de-aggregation passes a record that carries the KPL
 * magic but whose checksum or protobuf is bad (a truncated or damaged aggregate) through unchanged
 * as one plain record; {@link KplAggregation#describe} tells such bytes apart so the job can
 * dead-letter them with a reason.
 *
 * <p><b>Watermarks.</b> The source emits none: event time comes from the payload, which only the
 * job's decoder sees, so the job assigns timestamps and watermarks after decoding. The consumer
 * marks a subtask idle when it has no shard to read, so an idle source subtask never holds
 * watermarks back downstream.
 */
public final class KinesisFactory {
    /**
     * The Flink-shaded AWS SDK v1 (the polling reader and shard discovery) reads this to skip TLS
     * checks.
     */
    static final String SHADED_SDK_V1_DISABLE_CERT_CHECKING =
            "org.apache.flink.kinesis.shaded.com.amazonaws.sdk.disableCertChecking";

    /**
     * Region used to sign requests to an endpoint override when no region is given (local servers).
     */
    static final String DEFAULT_LOCAL_REGION = "us-east-1";

    private KinesisFactory() {}

    /**
     * Adds a Kinesis source to {@code env}.
     *
     * @param settings what to read
     * @param converter builds a record from each user record
     * @param type the record type
     * @param name operator name
     * @param uid stable operator uid (the source's shard positions are checkpointed under it)
     */
    public static <T> DataStream<T> attachSource(
            StreamExecutionEnvironment env,
            KinesisSourceSettings settings,
            KinesisRecordConverter<T> converter,
            TypeInformation<T> type,
            String name,
            String uid) {
        FlinkKinesisConsumer<T> consumer =
                new StartPositionLoggingConsumer<>(
                        settings.initialPosition().name()
                                + (settings.initialTimestamp() == null
                                        ? ""
                                        : " " + settings.initialTimestamp()),
                        settings.streamName(),
                        new ConverterSchema<>(converter, type, settings.trustAllCertificates()),
                        consumerProperties(settings));
        return env.addSource(consumer, name, type).uid(uid);
    }

    /**
     * The FlinkKinesisConsumer configuration for these settings: the one place typed settings
     * become the consumer's string properties (its constructor takes nothing else).
     */
    static Properties consumerProperties(KinesisSourceSettings s) {
        Properties p = new Properties();
        p.setProperty(
                AWSConfigConstants.AWS_REGION,
                s.region() != null ? s.region() : DEFAULT_LOCAL_REGION);
        if (s.endpoint() != null) {
            p.setProperty(AWSConfigConstants.AWS_ENDPOINT, s.endpoint());
        }
        if (s.accessKeyId() != null) {
            p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "BASIC");
            p.setProperty(AWSConfigConstants.AWS_ACCESS_KEY_ID, s.accessKeyId());
            p.setProperty(AWSConfigConstants.AWS_SECRET_ACCESS_KEY, s.secretAccessKey());
        } else {
            p.setProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER, "AUTO");
        }
        if (s.trustAllCertificates()) {
            // Honoured by the SDK v2 clients (enhanced fan-out); the v1 client is handled in
            // ConverterSchema.open.
            p.setProperty(AWSConfigConstants.TRUST_ALL_CERTIFICATES, "true");
        }
        p.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, s.initialPosition().name());
        if (s.initialPosition() == KinesisSourceSettings.InitialPosition.AT_TIMESTAMP) {
            // Epoch seconds with a fraction: the connector's fallback format when the date pattern
            // does not match.
            p.setProperty(
                    ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP,
                    BigDecimal.valueOf(s.initialTimestamp().toEpochMilli(), 3).toPlainString());
        }
        p.setProperty(
                ConsumerConfigConstants.SHARD_DISCOVERY_INTERVAL_MILLIS,
                Long.toString(s.shardDiscoveryInterval().toMillis()));
        if (s.readerType() == KinesisSourceSettings.ReaderType.EFO) {
            p.setProperty(
                    ConsumerConfigConstants.RECORD_PUBLISHER_TYPE,
                    ConsumerConfigConstants.RecordPublisherType.EFO.name());
            p.setProperty(ConsumerConfigConstants.EFO_CONSUMER_NAME, s.efoConsumerName());
            // In 4.3.0 a LAZY consumer is deregistered by every subtask on every failover, rescale
            // and stop (StreamConsumerRegistrarUtil deregisters only for LAZY). With a consumer ARN
            // (NONE) the job calls no registration API at all and the consumer survives restarts.
            // EAGER (register once when the graph is built, never deregister) is the better default
            // but is not switched on yet: the EFO ITCase did not pass with it on a loaded machine
            // and the cause was not isolated (issue #21).
            if (s.efoConsumerArn() != null) {
                p.setProperty(
                        ConsumerConfigConstants.EFO_REGISTRATION_TYPE,
                        ConsumerConfigConstants.EFORegistrationType.NONE.name());
                p.setProperty(
                        ConsumerConfigConstants.efoConsumerArn(s.streamName()), s.efoConsumerArn());
            } else {
                p.setProperty(
                        ConsumerConfigConstants.EFO_REGISTRATION_TYPE,
                        ConsumerConfigConstants.EFORegistrationType.LAZY.name());
            }
        } else {
            p.setProperty(
                    ConsumerConfigConstants.RECORD_PUBLISHER_TYPE,
                    ConsumerConfigConstants.RecordPublisherType.POLLING.name());
            p.setProperty(
                    ConsumerConfigConstants.SHARD_GETRECORDS_INTERVAL_MILLIS,
                    Long.toString(s.pollingInterval().toMillis()));
        }
        return p;
    }

    /**
     * A synchronous SDK v2 Kinesis client (URL-connection HTTP; no Netty).
     *
     * @param region region name, or null for an endpoint override without one
     * @param endpoint endpoint override, or null
     * @param credentials credentials, or null for the default chain
     * @param trustAllCertificates accept any TLS certificate (local servers only)
     */
    public static KinesisClient newClient(
            String region,
            String endpoint,
            AwsCredentialsProvider credentials,
            boolean trustAllCertificates) {
        AttributeMap.Builder http = AttributeMap.builder();
        if (trustAllCertificates) {
            http.put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE);
        }
        KinesisClientBuilder b =
                KinesisClient.builder()
                        .httpClient(
                                UrlConnectionHttpClient.builder().buildWithDefaults(http.build()))
                        .credentialsProvider(
                                credentials != null
                                        ? credentials
                                        : DefaultCredentialsProvider.builder().build());
        if (region != null) {
            b.region(Region.of(region));
        } else if (endpoint != null) {
            b.region(Region.of(DEFAULT_LOCAL_REGION));
        }
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return b.build();
    }

    /** Static credentials, for local servers. */
    public static AwsCredentialsProvider staticCredentials(
            String accessKeyId, String secretAccessKey) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    /**
     * A writer to {@code stream}.
     *
     * @param client the client (the writer does not close it)
     * @param aggregate KPL-aggregate user records (else one Kinesis record per user record)
     */
    public static KinesisStreamWriter newWriter(
            KinesisClient client, String stream, boolean aggregate) {
        return new KinesisStreamWriter(
                client, stream, aggregate, KinesisStreamWriter.Limits.DEFAULT);
    }

    /** Adapts a {@link KinesisRecordConverter} to the consumer's deserialization schema. */
    static final class ConverterSchema<T> implements KinesisDeserializationSchema<T> {
        private static final long serialVersionUID = 1L;

        private final KinesisRecordConverter<T> converter;
        private final TypeInformation<T> type;
        private final boolean trustAllCertificates;

        ConverterSchema(
                KinesisRecordConverter<T> converter,
                TypeInformation<T> type,
                boolean trustAllCertificates) {
            this.converter = converter;
            this.type = type;
            this.trustAllCertificates = trustAllCertificates;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
            if (trustAllCertificates) {
                // The shaded SDK v1 client (polling, shard discovery) has no per-client switch; it
                // is created
                // after this runs, on the task manager, so the property reaches it. Local servers
                // only.
                System.setProperty(SHADED_SDK_V1_DISABLE_CERT_CHECKING, "true");
            }
        }

        @Override
        public T deserialize(
                byte[] recordValue,
                String partitionKey,
                String seqNum,
                long approxArrivalTimestamp,
                String stream,
                String shardId)
                throws IOException {
            return converter.convert(
                    recordValue, stream, shardId, seqNum, partitionKey, approxArrivalTimestamp);
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return type;
        }
    }
}
