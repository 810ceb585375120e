package io.fleetlake.connectors.timestream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.timestreamwrite.model.Dimension;
import software.amazon.awssdk.services.timestreamwrite.model.DimensionValueType;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValue;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValueType;
import software.amazon.awssdk.services.timestreamwrite.model.Record;
import software.amazon.awssdk.services.timestreamwrite.model.TimeUnit;
import software.amazon.awssdk.services.timestreamwrite.model.WriteRecordsRequest;

/**
 * Turns a batch of {@link TimestreamRecord}s into one {@code WriteRecords} request. What every
 * record of the batch shares is sent once in {@code CommonAttributes}: the value type (MULTI), the
 * time unit, the measure name and version when they are equal, and every dimension with the same
 * value in all records. The order of {@code Records} is the order of the batch, so a {@code
 * RecordIndex} of a rejection is an index into the batch.
 */
public final class TimestreamRequests {
    /** Timestream's limit on records per WriteRecords call. */
    public static final int MAX_RECORDS_PER_REQUEST = 100;

    private TimestreamRequests() {}

    /** The request for {@code batch} (1 to {@value #MAX_RECORDS_PER_REQUEST} records). */
    public static WriteRecordsRequest build(
            String database, String table, List<TimestreamRecord> batch) {
        if (batch.isEmpty() || batch.size() > MAX_RECORDS_PER_REQUEST) {
            throw new IllegalArgumentException(
                    "a WriteRecords batch holds 1 to "
                            + MAX_RECORDS_PER_REQUEST
                            + " records, not "
                            + batch.size());
        }
        TimestreamRecord first = batch.get(0);
        boolean sameName = true;
        boolean sameVersion = true;
        Map<String, String> commonDims = new LinkedHashMap<>(first.dimensions());
        for (TimestreamRecord r : batch) {
            sameName &= r.measureName().equals(first.measureName());
            sameVersion &= r.version() == first.version();
            commonDims
                    .entrySet()
                    .removeIf(d -> !Objects.equals(r.dimensions().get(d.getKey()), d.getValue()));
        }

        Record.Builder common =
                Record.builder()
                        .measureValueType(MeasureValueType.MULTI)
                        .timeUnit(TimeUnit.MILLISECONDS);
        if (!commonDims.isEmpty()) {
            common.dimensions(dimensions(commonDims));
        }
        if (sameName) {
            common.measureName(first.measureName());
        }
        if (sameVersion) {
            common.version(first.version());
        }

        List<Record> records = new ArrayList<>(batch.size());
        for (TimestreamRecord r : batch) {
            Record.Builder b =
                    Record.builder().time(Long.toString(r.timeMillis())).measureValues(measures(r));
            Map<String, String> own = new LinkedHashMap<>(r.dimensions());
            own.keySet().removeAll(commonDims.keySet());
            if (!own.isEmpty()) {
                b.dimensions(dimensions(own));
            }
            if (!sameName) {
                b.measureName(r.measureName());
            }
            if (!sameVersion) {
                b.version(r.version());
            }
            records.add(b.build());
        }
        return WriteRecordsRequest.builder()
                .databaseName(database)
                .tableName(table)
                .commonAttributes(common.build())
                .records(records)
                .build();
    }

    private static List<Dimension> dimensions(Map<String, String> dims) {
        List<Dimension> out = new ArrayList<>(dims.size());
        dims.forEach(
                (k, v) ->
                        out.add(
                                Dimension.builder()
                                        .name(k)
                                        .value(v)
                                        .dimensionValueType(DimensionValueType.VARCHAR)
                                        .build()));
        return out;
    }

    private static List<MeasureValue> measures(TimestreamRecord r) {
        List<MeasureValue> out = new ArrayList<>(r.measures().size());
        for (TimestreamRecord.Measure m : r.measures()) {
            out.add(
                    MeasureValue.builder()
                            .name(m.name())
                            .value(m.value())
                            .type(m.type().name())
                            .build());
        }
        return out;
    }
}
