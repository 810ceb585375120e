package io.fleetlake.job.sources;

import io.fleetlake.connectors.kinesis.KinesisFactory;
import io.fleetlake.connectors.kinesis.KinesisRecordConverter;
import io.fleetlake.connectors.kinesis.KinesisSourceSettings;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.decode.EventTimes;
import io.fleetlake.job.model.RawMessage;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Kinesis Data Streams as a Fleetlake source: every user record (KPL aggregates already de-aggregated by the
 * connector) becomes one {@link RawMessage} with source {@code kinesis}, origin
 * {@code stream/shardId/sequenceNumber} and the record's approximate arrival time (the event-time fallback).
 *
 * <p>User records of one KPL aggregate share their sequence number: the connector's deserialization interface
 * does not expose the sub-sequence number, so their origins are equal.
 */
public final class KinesisMessageSource implements MessageSource {
    public static final String UID = "source-kinesis";

    private final KinesisSourceSettings settings;

    public KinesisMessageSource(KinesisSourceSettings settings) {
        this.settings = settings;
    }

    /** Reads the {@code Source.Kinesis} group; fails naming the key on a bad value. */
    public static KinesisMessageSource fromConfig(FleetlakeConfig config) {
        String group = FleetlakeOptions.KINESIS.id();
        KinesisSourceSettings.Builder b =
                KinesisSourceSettings.builder(config.get(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_STREAM));
        config.getOptional(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_REGION).ifPresent(b::region);
        String endpoint = config.getOptional(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_ENDPOINT).orElse(null);
        b.endpoint(endpoint);

        KinesisSourceSettings.InitialPosition position = enumValue(KinesisSourceSettings.InitialPosition.class,
                config.get(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_INITIAL_POSITION), group,
                FleetlakeOptions.KINESIS_INITIAL_POSITION.key());
        Instant timestamp = config.getOptional(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_INITIAL_TIMESTAMP)
                .map(t -> {
                    try {
                        return Instant.ofEpochMilli(EventTimes.parse(t));
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("bad value '" + t + "' for '"
                                + FleetlakeOptions.KINESIS_INITIAL_TIMESTAMP.key() + "' in property group '" + group
                                + "': expected ISO-8601 or epoch ms");
                    }
                }).orElse(null);
        b.initialPosition(position, timestamp);

        KinesisSourceSettings.ReaderType reader = enumValue(KinesisSourceSettings.ReaderType.class,
                config.get(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_READER), group,
                FleetlakeOptions.KINESIS_READER.key());
        b.reader(reader, config.getOptional(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_EFO_CONSUMER_NAME)
                .orElse(null));

        String key = config.getOptional(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_ACCESS_KEY_ID).orElse(null);
        String secret = config.getOptional(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_SECRET_ACCESS_KEY)
                .orElse(null);
        if (key != null || secret != null) {
            b.staticCredentials(key, secret);
        }
        b.trustAllCertificates(config.get(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_TRUST_ALL_CERTIFICATES));
        b.shardDiscoveryInterval(
                config.get(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_SHARD_DISCOVERY_INTERVAL));
        b.pollingInterval(config.get(FleetlakeOptions.KINESIS, FleetlakeOptions.KINESIS_POLLING_INTERVAL));
        try {
            return new KinesisMessageSource(b.build());
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("no region") && endpoint == null) {
                // Neither configured nor in the ARN: the SDK's chain (AWS_REGION, the profile), as AWS tools do.
                String region = regionFromEnvironment();
                if (region != null) {
                    return new KinesisMessageSource(b.region(region).build());
                }
            }
            throw new IllegalArgumentException("property group '" + group + "': " + e.getMessage(), e);
        }
    }

    private static String regionFromEnvironment() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String group, String key) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad value '" + value + "' for '" + key + "' in property group '"
                    + group + "': expected one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** What this source reads. */
    public KinesisSourceSettings settings() {
        return settings;
    }

    @Override
    public DataStream<RawMessage> attach(StreamExecutionEnvironment env) {
        return KinesisFactory.attachSource(env, settings, new RecordToRawMessage(),
                TypeInformation.of(RawMessage.class), "source: kinesis " + settings.streamName(), UID);
    }

    @Override
    public boolean isBounded() {
        return false;
    }

    /** A Kinesis user record as a raw JSON message. */
    static final class RecordToRawMessage implements KinesisRecordConverter<RawMessage> {
        private static final long serialVersionUID = 1L;

        @Override
        public RawMessage convert(byte[] data, String stream, String shardId, String sequenceNumber,
                String partitionKey, long approximateArrivalTimestamp) {
            return RawMessage.json("kinesis", stream + "/" + shardId + "/" + sequenceNumber, null,
                    approximateArrivalTimestamp, data);
        }
    }
}
