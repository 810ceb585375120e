package io.fleetlake.connectors.timestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.timestreamwrite.model.Dimension;
import software.amazon.awssdk.services.timestreamwrite.model.MeasureValueType;
import software.amazon.awssdk.services.timestreamwrite.model.Record;
import software.amazon.awssdk.services.timestreamwrite.model.TimeUnit;
import software.amazon.awssdk.services.timestreamwrite.model.WriteRecordsRequest;

/**
 * What one WriteRecords request carries: shared attributes once, the rest per record, in batch
 * order.
 */
class TimestreamRequestsTest {

    static TimestreamRecord reading(String device, String fleet, long t, double temp) {
        return TimestreamRecord.builder("reading", t, t)
                .dimension("device_id", device)
                .dimension("fleet", fleet)
                .measure("temperature", temp)
                .build();
    }

    @Test
    void sharedDimensionsNameTypeAndUnitAreSentOnceAndRecordsKeepTheirOrder() {
        WriteRecordsRequest request =
                TimestreamRequests.build(
                        "db",
                        "tbl",
                        List.of(
                                reading("pump-1", "north", 1000, 20.0),
                                reading("pump-2", "north", 2000, 21.0),
                                reading("pump-3", "north", 3000, 22.0)));

        Record common = request.commonAttributes();
        assertThat(common.measureValueType()).isEqualTo(MeasureValueType.MULTI);
        assertThat(common.timeUnit()).isEqualTo(TimeUnit.MILLISECONDS);
        assertThat(common.measureName()).isEqualTo("reading");
        assertThat(common.dimensions())
                .extracting(Dimension::name, Dimension::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fleet", "north"));
        assertThat(common.version()).isNull(); // versions differ: sent per record
        assertThat(request.records())
                .extracting(Record::time)
                .containsExactly("1000", "2000", "3000");
        assertThat(request.records())
                .extracting(Record::version)
                .containsExactly(1000L, 2000L, 3000L);
        assertThat(request.records().get(1).dimensions())
                .extracting(Dimension::name, Dimension::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("device_id", "pump-2"));
        assertThat(request.records().get(1).measureName()).isNull();
        assertThat(request.records().get(1).measureValues())
                .singleElement()
                .satisfies(
                        m ->
                                assertThat(m.name() + "=" + m.value() + ":" + m.typeAsString())
                                        .isEqualTo("temperature=21.0:DOUBLE"));
        assertThat(request.databaseName()).isEqualTo("db");
        assertThat(request.tableName()).isEqualTo("tbl");
    }

    @Test
    void aDimensionMissingFromOneRecordIsNotCommon() {
        TimestreamRecord noFleet =
                TimestreamRecord.builder("reading", 5, 5)
                        .dimension("device_id", "pump-1")
                        .measure("temperature", 1.0)
                        .build();
        WriteRecordsRequest request =
                TimestreamRequests.build(
                        "db", "tbl", List.of(reading("pump-1", "north", 4, 1.0), noFleet));
        assertThat(request.commonAttributes().dimensions())
                .extracting(Dimension::name)
                .containsExactly("device_id");
        assertThat(request.records().get(0).dimensions())
                .extracting(Dimension::name)
                .containsExactly("fleet");
        assertThat(request.records().get(1).hasDimensions()).isFalse();
    }

    @Test
    void equalVersionsGoToCommonAttributes() {
        WriteRecordsRequest request =
                TimestreamRequests.build(
                        "db",
                        "tbl",
                        List.of(
                                TimestreamRecord.builder("a", 1, 9).measure("x", 1.0).build(),
                                TimestreamRecord.builder("b", 2, 9).measure("x", 2.0).build()));
        assertThat(request.commonAttributes().version()).isEqualTo(9L);
        assertThat(request.commonAttributes().measureName()).isNull();
        assertThat(request.records()).extracting(Record::measureName).containsExactly("a", "b");
        assertThat(request.records()).extracting(Record::version).containsOnlyNulls();
    }

    @Test
    void batchesAreOneToOneHundredRecords() {
        List<TimestreamRecord> many =
                new ArrayList<>(Collections.nCopies(101, reading("pump-1", "north", 1, 1.0)));
        assertThatThrownBy(() -> TimestreamRequests.build("db", "tbl", many))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 100");
        assertThat(TimestreamRequests.build("db", "tbl", many.subList(0, 100)).records())
                .hasSize(100);
    }
}
