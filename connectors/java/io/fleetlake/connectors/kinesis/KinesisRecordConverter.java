package io.fleetlake.connectors.kinesis;

import java.io.Serializable;

/**
 * Turns one Kinesis user record (already de-aggregated when it was KPL-aggregated) into a record of
 * the stream. The converter decides what the record is, so the source stays generic; it must not
 * return null (a record the consumer cannot read is still a record: let the job dead-letter it).
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface KinesisRecordConverter<T> extends Serializable {
    /**
     * @param data the user record's bytes
     * @param stream stream name
     * @param shardId the shard it was read from
     * @param sequenceNumber the Kinesis sequence number (all user records of one aggregated record
     *     share it)
     * @param partitionKey the user record's partition key
     * @param approximateArrivalTimestamp when Kinesis stored the record, epoch milliseconds
     */
    T convert(
            byte[] data,
            String stream,
            String shardId,
            String sequenceNumber,
            String partitionKey,
            long approximateArrivalTimestamp);
}
