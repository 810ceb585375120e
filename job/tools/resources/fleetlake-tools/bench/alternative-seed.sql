-- The Flink SQL alternative `./fleetlake bench` measures Fleetlake against: the same input written the way a
-- user would in plain Flink SQL — a filesystem/json source table covering the common payload fields, a computed
-- Fahrenheit column, and partitioned Parquet filesystem sinks. It reads fewer shapes than Fleetlake (no {ts,value}
-- arrays, no CSV, no dead letters: unparseable lines are skipped), which only makes it cheaper.
-- Placeholders: ${input} (a JSON-lines file), ${output} (a directory).

CREATE TEMPORARY TABLE raw_messages (
  thetopic STRING,
  device_id STRING,
  `sensor-id` STRING,
  temperature STRING,
  humidity STRING,
  pressure STRING,
  `timestamp` STRING,
  `time` STRING,
  `current` ROW<state ROW<reported ROW<thingName STRING, location ROW<lat DOUBLE, lon DOUBLE>, speed STRING,
      heading STRING, ignition STRING, address STRING, temperature STRING>>, version BIGINT>,
  `state` ROW<reported ROW<thingName STRING, latitude DOUBLE, longitude DOUBLE, speed DOUBLE, heading STRING,
      ignition BOOLEAN, temperature DOUBLE, ts BIGINT>>
) WITH (
  'connector' = 'filesystem',
  'path' = '${input}',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true',
  'json.fail-on-missing-field' = 'false'
);

CREATE TEMPORARY TABLE readings_sink (
  device_id STRING, topic STRING, event_time TIMESTAMP(3), temperature DOUBLE, temperature_fahrenheit DOUBLE,
  humidity DOUBLE, pressure DOUBLE,
  `year` STRING, `month` STRING, `day` STRING, `hour` STRING
) PARTITIONED BY (`year`, `month`, `day`, `hour`) WITH (
  'connector' = 'filesystem', 'path' = '${output}/readings', 'format' = 'parquet',
  'parquet.compression' = 'SNAPPY'
);

CREATE TEMPORARY TABLE breadcrumbs_sink (
  thing_name STRING, topic STRING, event_time TIMESTAMP(3), lat DOUBLE, lon DOUBLE, speed DOUBLE,
  heading STRING, ignition BOOLEAN, shadow_version BIGINT,
  `year` STRING, `month` STRING, `day` STRING, `hour` STRING
) PARTITIONED BY (`year`, `month`, `day`, `hour`) WITH (
  'connector' = 'filesystem', 'path' = '${output}/breadcrumbs', 'format' = 'parquet',
  'parquet.compression' = 'SNAPPY'
);

CREATE TEMPORARY VIEW readings_view AS
SELECT device_id, topic, event_time, temperature, temperature * 9 / 5 + 32 AS temperature_fahrenheit,
       humidity, pressure
FROM (
  SELECT COALESCE(device_id, `sensor-id`, SPLIT_INDEX(thetopic, '/', 1)) AS device_id,
         thetopic AS topic,
         COALESCE(TRY_CAST(`timestamp` AS TIMESTAMP(3)),
                  CAST(TO_TIMESTAMP_LTZ(TRY_CAST(`time` AS BIGINT), 3) AS TIMESTAMP(3)),
                  CAST(TO_TIMESTAMP_LTZ(`state`.reported.ts, 3) AS TIMESTAMP(3)),
                  CAST(TO_TIMESTAMP_LTZ(TRY_CAST(`timestamp` AS BIGINT), 0) AS TIMESTAMP(3))) AS event_time,
         COALESCE(TRY_CAST(temperature AS DOUBLE), TRY_CAST(`current`.state.reported.temperature AS DOUBLE),
                  `state`.reported.temperature) AS temperature,
         TRY_CAST(humidity AS DOUBLE) AS humidity,
         TRY_CAST(pressure AS DOUBLE) AS pressure
  FROM raw_messages
)
WHERE temperature IS NOT NULL AND event_time IS NOT NULL;

CREATE TEMPORARY VIEW breadcrumbs_view AS
SELECT COALESCE(`current`.state.reported.thingName, `state`.reported.thingName) AS thing_name,
       thetopic AS topic,
       COALESCE(CAST(TO_TIMESTAMP_LTZ(`state`.reported.ts, 3) AS TIMESTAMP(3)),
                CAST(TO_TIMESTAMP_LTZ(TRY_CAST(`timestamp` AS BIGINT), 0) AS TIMESTAMP(3))) AS event_time,
       COALESCE(`current`.state.reported.location.lat, `state`.reported.latitude) AS lat,
       COALESCE(`current`.state.reported.location.lon, `state`.reported.longitude) AS lon,
       COALESCE(TRY_CAST(`current`.state.reported.speed AS DOUBLE), `state`.reported.speed) AS speed,
       COALESCE(`current`.state.reported.heading, `state`.reported.heading) AS heading,
       COALESCE(`current`.state.reported.ignition = '1', `state`.reported.ignition) AS ignition,
       `current`.version AS shadow_version
FROM raw_messages
WHERE COALESCE(`current`.state.reported.location.lat, `state`.reported.latitude) IS NOT NULL
  AND COALESCE(`state`.reported.ts, TRY_CAST(`timestamp` AS BIGINT)) IS NOT NULL;

EXECUTE STATEMENT SET BEGIN
INSERT INTO readings_sink
SELECT device_id, topic, event_time, temperature, temperature_fahrenheit, humidity, pressure,
       DATE_FORMAT(event_time, 'yyyy'), DATE_FORMAT(event_time, 'MM'), DATE_FORMAT(event_time, 'dd'),
       DATE_FORMAT(event_time, 'HH')
FROM readings_view;
INSERT INTO breadcrumbs_sink
SELECT thing_name, topic, event_time, lat, lon, speed, heading, ignition, shadow_version,
       DATE_FORMAT(event_time, 'yyyy'), DATE_FORMAT(event_time, 'MM'), DATE_FORMAT(event_time, 'dd'),
       DATE_FORMAT(event_time, 'HH')
FROM breadcrumbs_view;
END;
