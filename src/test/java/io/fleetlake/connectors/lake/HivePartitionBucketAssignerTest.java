package io.fleetlake.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HivePartitionBucketAssignerTest {
    @Test
    void partitionPathIsUtcAndZeroPadded() {
        assertThat(
                        HivePartitionBucketAssigner.partitionPath(
                                Instant.parse("2024-03-09T07:59:59.999Z").toEpochMilli()))
                .isEqualTo("year=2024/month=03/day=09/hour=07");
        assertThat(
                        HivePartitionBucketAssigner.partitionPath(
                                Instant.parse("1999-12-31T23:00:00Z").toEpochMilli()))
                .isEqualTo("year=1999/month=12/day=31/hour=23");
    }

    @Test
    void assignsByTheRecordsOwnTime() {
        LakeTableSchema<Long> schema =
                LakeTableSchema.<Long>builder("t")
                        .column("v", ColumnType.BIGINT, v -> v, "value")
                        .partitionedBy(v -> v)
                        .build();
        HivePartitionBucketAssigner<Long> a = new HivePartitionBucketAssigner<>(schema);
        long t1 = Instant.parse("2024-01-01T00:30:00Z").toEpochMilli();
        long t2 = Instant.parse("2024-01-01T01:00:00Z").toEpochMilli();
        assertThat(a.getBucketId(t1, null)).isEqualTo("year=2024/month=01/day=01/hour=00");
        assertThat(a.getBucketId(t2, null)).isEqualTo("year=2024/month=01/day=01/hour=01");
        assertThat(a.getBucketId(t1 + 1, null)).isEqualTo("year=2024/month=01/day=01/hour=00");
    }

    @Test
    void parquetSchemaUsesAthenaReadableTypes() {
        LakeTableSchema<String> schema =
                LakeTableSchema.<String>builder("t")
                        .column("s", ColumnType.STRING, v -> v, "")
                        .column("ts", ColumnType.TIMESTAMP_MILLIS, v -> 0L, "")
                        .column("m", ColumnType.MAP_STRING_DOUBLE, v -> null, "")
                        .partitionedBy(v -> 0L)
                        .build();
        String parquet = schema.parquetSchema().toString();
        assertThat(parquet)
                .contains("optional binary s (STRING)")
                .contains("optional int64 ts (TIMESTAMP(MILLIS,false))")
                .contains("optional group m (MAP)");
    }
}
