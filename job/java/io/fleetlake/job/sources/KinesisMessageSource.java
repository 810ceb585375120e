package io.fleetlake.job.sources;

import io.fleetlake.connectors.kinesis.KinesisFactory;
import io.fleetlake.connectors.kinesis.KinesisRecordConverter;
import io.fleetlake.connectors.kinesis.KinesisSourceSettings;
import io.fleetlake.job.config.FleetlakeConfig;
import io.fleetlake.job.config.FleetlakeOptions;
import io.fleetlake.job.model.RawMessage;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Kinesis Data Streams as a Fleetlake source: every user record (KPL aggregates already
 * de-aggregated by the connector) becomes one {@link RawMessage} with source {@code kinesis},
 * origin {@code stream/shardId/sequenceNumber} and the record's approximate arrival time (the
 * event-time fallback).
 *
 * <p>User records of one KPL aggregate share their sequence number: the connector's deserialization
 * interface does not expose the sub-sequence number, so their origins are equal.
 */
public final class KinesisMessageSource implements MessageSource {
    public static final String UID = "source-kinesis";

    private final KinesisSourceSettings settings;

    public KinesisMessageSource(KinesisSourceSettings settings) {
        this.settings = settings;
    }

    /**
     * The source the {@code Source.Kinesis} group describes; fails naming the key on a bad value.
     */
    public static KinesisMessageSource fromConfig(FleetlakeConfig config) {
        return new KinesisMessageSource(
                KinesisSourceSettings.fromConfiguration(config.section(FleetlakeOptions.KINESIS)));
    }

    /** What this source reads. */
    public KinesisSourceSettings settings() {
        return settings;
    }

    @Override
    public DataStream<RawMessage> attach(StreamExecutionEnvironment env) {
        return KinesisFactory.attachSource(
                env,
                settings,
                new RecordToRawMessage(),
                TypeInformation.of(RawMessage.class),
                "source: kinesis " + settings.streamName(),
                UID);
    }

    @Override
    public boolean isBounded() {
        return false;
    }

    /** A Kinesis user record as a raw JSON message. */
    static final class RecordToRawMessage implements KinesisRecordConverter<RawMessage> {
        private static final long serialVersionUID = 1L;

        @Override
        public RawMessage convert(
                byte[] data,
                String stream,
                String shardId,
                String sequenceNumber,
                String partitionKey,
                long approximateArrivalTimestamp) {
            return RawMessage.json(
                    "kinesis",
                    stream + "/" + shardId + "/" + sequenceNumber,
                    null,
                    approximateArrivalTimestamp,
                    data);
        }
    }
}
