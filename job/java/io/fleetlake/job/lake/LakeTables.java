package io.fleetlake.job.lake;

import static io.fleetlake.connectors.lake.ColumnType.BIGINT;
import static io.fleetlake.connectors.lake.ColumnType.BOOLEAN;
import static io.fleetlake.connectors.lake.ColumnType.DOUBLE;
import static io.fleetlake.connectors.lake.ColumnType.INT;
import static io.fleetlake.connectors.lake.ColumnType.MAP_STRING_DOUBLE;
import static io.fleetlake.connectors.lake.ColumnType.MAP_STRING_STRING;
import static io.fleetlake.connectors.lake.ColumnType.STRING;
import static io.fleetlake.connectors.lake.ColumnType.TIMESTAMP_MILLIS;

import io.fleetlake.connectors.lake.LakeTableSchema;
import io.fleetlake.job.alerts.Alert;
import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.DeadLetter;
import io.fleetlake.job.model.Reading;
import io.fleetlake.job.rollup.MeasureRollup;
import io.fleetlake.job.rollup.TripRollup;
import io.fleetlake.job.topk.TopKRow;
import java.util.List;

/**
 * The lake contract: the tables Fleetlake writes, their columns and what partitions them. Columns
 * may be added at the end; none is ever renamed or retyped (Athena views and Glue tables depend on
 * them).
 */
public final class LakeTables {
    private LakeTables() {}

    public static final String READINGS = "readings";
    public static final String BREADCRUMBS = "breadcrumbs";
    public static final String DEAD_LETTER = "dead_letter";
    public static final String TOPK = "topk";
    public static final String ALERTS = "alerts";
    public static final String READINGS_1M = "readings_1m";
    public static final String READINGS_1H = "readings_1h";
    public static final String BREADCRUMBS_1M = "breadcrumbs_1m";

    /** Sensor readings, partitioned by event time. */
    public static final LakeTableSchema<Reading> READINGS_SCHEMA =
            LakeTableSchema.<Reading>builder(READINGS)
                    .column(
                            "device_id",
                            STRING,
                            r -> r.deviceId,
                            "device identity: payload id, else topic, else thing name")
                    .column(
                            "thing_name",
                            STRING,
                            r -> r.thingName,
                            "AWS IoT thing name (topic(3) of $aws/things/...)")
                    .column(
                            "topic",
                            STRING,
                            r -> r.topic,
                            "MQTT topic the message was published on")
                    .column("event_time", TIMESTAMP_MILLIS, r -> r.eventTime, "event time, UTC")
                    .column("temperature", DOUBLE, r -> r.temperature, "degrees Celsius")
                    .column(
                            "temperature_fahrenheit",
                            DOUBLE,
                            r -> r.temperatureFahrenheit,
                            "temperature * 9 / 5 + 32")
                    .column("humidity", DOUBLE, r -> r.humidity, "relative humidity, percent")
                    .column("pressure", DOUBLE, r -> r.pressure, "pressure as sent")
                    .column(
                            "measures",
                            MAP_STRING_DOUBLE,
                            r -> r.measures,
                            "every numeric measure as received")
                    .column(
                            "attributes",
                            MAP_STRING_STRING,
                            r -> r.attributes,
                            "other scalar fields of the message and registry attributes")
                    .column("source", STRING, r -> r.source, "simulator, file, kinesis or mqtt")
                    .column(
                            "origin",
                            STRING,
                            r -> r.origin,
                            "file:line, topic, or stream/shard/sequence")
                    .plainEncoded("event_time", "origin")
                    .partitionedBy(r -> r.eventTime)
                    .build();

    /** Vehicle positions, partitioned by event time. */
    public static final LakeTableSchema<Breadcrumb> BREADCRUMBS_SCHEMA =
            LakeTableSchema.<Breadcrumb>builder(BREADCRUMBS)
                    .column(
                            "thing_name",
                            STRING,
                            b -> b.thingName,
                            "AWS IoT thing name (else the device id)")
                    .column(
                            "topic",
                            STRING,
                            b -> b.topic,
                            "MQTT topic the message was published on")
                    .column("event_time", TIMESTAMP_MILLIS, b -> b.eventTime, "event time, UTC")
                    .column("lat", DOUBLE, b -> b.lat, "latitude, WGS84 degrees")
                    .column("lon", DOUBLE, b -> b.lon, "longitude, WGS84 degrees")
                    .column("speed", DOUBLE, b -> b.speed, "speed as reported (km/h)")
                    .column("heading", STRING, b -> b.heading, "heading as reported (e.g. S, NE)")
                    .column("ignition", BOOLEAN, b -> b.ignition, "ignition on")
                    .column("address", STRING, b -> b.address, "address as reported")
                    .column("shadow_version", BIGINT, b -> b.shadowVersion, "device shadow version")
                    .column("device_id", STRING, b -> b.deviceId, "device identity")
                    .column(
                            "attributes",
                            MAP_STRING_STRING,
                            b -> b.attributes,
                            "registry attributes")
                    .column("source", STRING, b -> b.source, "simulator, file, kinesis or mqtt")
                    .column(
                            "origin",
                            STRING,
                            b -> b.origin,
                            "file:line, topic, or stream/shard/sequence")
                    .column("geohash", STRING, b -> b.geohash, "geohash cell of the position")
                    .plainEncoded("event_time", "lat", "lon", "origin")
                    .partitionedBy(b -> b.eventTime)
                    .build();

    /** Messages that could not be turned into rows, partitioned by the time they were received. */
    public static final LakeTableSchema<DeadLetter> DEAD_LETTER_SCHEMA =
            LakeTableSchema.<DeadLetter>builder(DEAD_LETTER)
                    .column(
                            "received_at",
                            TIMESTAMP_MILLIS,
                            d -> d.receivedAt,
                            "when the source received it, UTC")
                    .column("source", STRING, d -> d.source, "simulator, file, kinesis or mqtt")
                    .column(
                            "origin",
                            STRING,
                            d -> d.origin,
                            "file:line, topic, or stream/shard/sequence")
                    .column(
                            "reason",
                            STRING,
                            d -> d.reason,
                            "why it could not be read, with detail")
                    .column(
                            "payload",
                            STRING,
                            d -> d.payload,
                            "the message (base64 when not UTF-8)")
                    .column(
                            "reason_code",
                            STRING,
                            d -> d.reasonCode,
                            "stable reason code, e.g. not_json")
                    .column("payload_encoding", STRING, d -> d.payloadEncoding, "utf8 or base64")
                    .plainEncoded("received_at", "origin", "reason", "payload")
                    .partitionedBy(d -> d.receivedAt)
                    .build();

    /** TOP-K results, partitioned by window start. */
    public static final LakeTableSchema<TopKRow> TOPK_SCHEMA =
            LakeTableSchema.<TopKRow>builder(TOPK)
                    .column(
                            "window_start",
                            TIMESTAMP_MILLIS,
                            t -> t.windowStart,
                            "window start, UTC (inclusive)")
                    .column(
                            "window_end",
                            TIMESTAMP_MILLIS,
                            t -> t.windowEnd,
                            "window end, UTC (exclusive)")
                    .column("spec", STRING, t -> t.spec, "TOP-K spec name")
                    .column(
                            "rank",
                            INT,
                            t -> t.rank,
                            "1 = most frequent; ties by count desc, then item asc")
                    .column("item", STRING, t -> t.item, "the item value")
                    .column(
                            "item_count",
                            BIGINT,
                            t -> t.itemCount,
                            "exact occurrences in the window")
                    .partitionedBy(t -> t.windowStart)
                    .build();

    /**
     * Alert episodes, partitioned by the event time they opened: a row when an alert opens and
     * another (same alert_id) when it closes; readers keep the latest row per alert_id.
     */
    public static final LakeTableSchema<Alert> ALERTS_SCHEMA =
            LakeTableSchema.<Alert>builder(ALERTS)
                    .column(
                            "alert_id",
                            STRING,
                            a -> a.alertId,
                            "deterministic id of (rule, device, opened_at)")
                    .column("rule", STRING, a -> a.rule, "rule name (geofence: rule/fence)")
                    .column(
                            "type",
                            STRING,
                            a -> a.type,
                            "speeding, temperature, silent or geofence")
                    .column("device_id", STRING, a -> a.deviceId, "device identity")
                    .column(
                            "thing_name",
                            STRING,
                            a -> a.thingName,
                            "AWS IoT thing name, when known")
                    .column("state", STRING, a -> a.state, "open or closed")
                    .column(
                            "opened_at",
                            TIMESTAMP_MILLIS,
                            a -> a.openedAt,
                            "event time the episode started, UTC")
                    .column(
                            "closed_at",
                            TIMESTAMP_MILLIS,
                            a -> a.closedAt,
                            "event time it ended, UTC (null while open)")
                    .column(
                            "duration_s",
                            DOUBLE,
                            a -> a.durationS,
                            "closed_at - opened_at in seconds (null while open)")
                    .column(
                            "value",
                            DOUBLE,
                            a -> a.value,
                            "peak value (km/h, degrees); null for silent and geofence")
                    .column(
                            "threshold",
                            DOUBLE,
                            a -> a.threshold,
                            "threshold in effect (registry attribute or rule)")
                    .column(
                            "lat",
                            DOUBLE,
                            a -> a.lat,
                            "latitude at the start (last known position)")
                    .column(
                            "lon",
                            DOUBLE,
                            a -> a.lon,
                            "longitude at the start (last known position)")
                    .column(
                            "details",
                            MAP_STRING_STRING,
                            a -> a.details,
                            "rule-specific detail (fence, measure, ...)")
                    .partitionedBy(a -> a.openedAt)
                    .build();

    /**
     * Per-minute statistics of every numeric measure of every device (event time; a window is
     * written once, when final), partitioned by window start.
     */
    public static final LakeTableSchema<MeasureRollup> READINGS_1M_SCHEMA =
            measureRollups(READINGS_1M);

    /**
     * Per-hour statistics, merged from the minutes (not from raw rows), partitioned by window
     * start.
     */
    public static final LakeTableSchema<MeasureRollup> READINGS_1H_SCHEMA =
            measureRollups(READINGS_1H);

    private static LakeTableSchema<MeasureRollup> measureRollups(String name) {
        return LakeTableSchema.<MeasureRollup>builder(name)
                .column("device_id", STRING, r -> r.deviceId, "device identity")
                .column("thing_name", STRING, r -> r.thingName, "AWS IoT thing name, when known")
                .column(
                        "measure",
                        STRING,
                        r -> r.measure,
                        "measure name (a key of readings.measures, or temperature_fahrenheit)")
                .column(
                        "window_start",
                        TIMESTAMP_MILLIS,
                        r -> r.windowStart,
                        "window start, UTC (inclusive)")
                .column(
                        "window_end",
                        TIMESTAMP_MILLIS,
                        r -> r.windowEnd,
                        "window end, UTC (exclusive)")
                .column("samples", BIGINT, r -> r.samples, "readings of the measure in the window")
                .column("min", DOUBLE, r -> r.min, "smallest value")
                .column("max", DOUBLE, r -> r.max, "largest value")
                .column("sum", DOUBLE, r -> r.sum, "sum of the values (correctly rounded)")
                .column("avg", DOUBLE, MeasureRollup::avg, "sum / samples")
                .column(
                        "first_value",
                        DOUBLE,
                        r -> r.firstValue,
                        "value at first_time (ties: the smallest)")
                .column(
                        "last_value",
                        DOUBLE,
                        r -> r.lastValue,
                        "value at last_time (ties: the largest)")
                .column("first_time", TIMESTAMP_MILLIS, r -> r.firstTime, "earliest event time")
                .column("last_time", TIMESTAMP_MILLIS, r -> r.lastTime, "latest event time")
                .partitionedBy(r -> r.windowStart)
                .build();
    }

    /**
     * Per-vehicle trip statistics per minute (event time; written once, when final), partitioned by
     * window start.
     */
    public static final LakeTableSchema<TripRollup> BREADCRUMBS_1M_SCHEMA =
            LakeTableSchema.<TripRollup>builder(BREADCRUMBS_1M)
                    .column("thing_name", STRING, t -> t.thingName, "AWS IoT thing name")
                    .column(
                            "device_id",
                            STRING,
                            t -> t.deviceId,
                            "device identity of the window's last position")
                    .column(
                            "window_start",
                            TIMESTAMP_MILLIS,
                            t -> t.windowStart,
                            "window start, UTC (inclusive)")
                    .column(
                            "window_end",
                            TIMESTAMP_MILLIS,
                            t -> t.windowEnd,
                            "window end, UTC (exclusive)")
                    .column("samples", BIGINT, t -> t.samples, "positions in the window")
                    .column(
                            "distance_km",
                            DOUBLE,
                            t -> t.distanceKm,
                            "haversine km (R 6371.0088) of segments ending in the window")
                    .column("max_speed", DOUBLE, t -> t.maxSpeed, "highest reported speed, km/h")
                    .column("avg_speed", DOUBLE, t -> t.avgSpeed, "mean reported speed, km/h")
                    .column(
                            "moving_s",
                            DOUBLE,
                            t -> t.movingS,
                            "seconds moving (speed >= 1 km/h), segments ending in the window")
                    .column(
                            "speeding_s",
                            DOUBLE,
                            t -> t.speedingS,
                            "seconds above the speeding rule's limit (null: no rule)")
                    .column("first_lat", DOUBLE, t -> t.firstLat, "latitude of the first position")
                    .column("first_lon", DOUBLE, t -> t.firstLon, "longitude of the first position")
                    .column("last_lat", DOUBLE, t -> t.lastLat, "latitude of the last position")
                    .column("last_lon", DOUBLE, t -> t.lastLon, "longitude of the last position")
                    .partitionedBy(t -> t.windowStart)
                    .build();

    /** Every table, for DDL generation and catalog registration. */
    public static List<LakeTableSchema<?>> all() {
        return List.of(
                READINGS_SCHEMA,
                BREADCRUMBS_SCHEMA,
                DEAD_LETTER_SCHEMA,
                TOPK_SCHEMA,
                ALERTS_SCHEMA,
                READINGS_1M_SCHEMA,
                READINGS_1H_SCHEMA,
                BREADCRUMBS_1M_SCHEMA);
    }
}
