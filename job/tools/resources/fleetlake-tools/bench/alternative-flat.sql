-- The Flink SQL alternative of `./fleetlake bench --shape flat`: the flat telemetry/breadcrumb messages written
-- the way a user would in plain Flink SQL — one filesystem/json source table with the fields of both message
-- kinds, a computed Fahrenheit column, and partitioned Parquet filesystem sinks (no dead letters, no TOP-K, no
-- registry: it does less than Fleetlake, which only makes it cheaper).
-- Placeholders: ${input} (a directory of JSON-lines files), ${output} (a directory).

CREATE TEMPORARY TABLE raw_messages (
  device_id STRING,
  temperature DOUBLE,
  humidity DOUBLE,
  pressure DOUBLE,
  rssi INT,
  thing_name STRING,
  lat DOUBLE,
  lon DOUBLE,
  speed DOUBLE,
  heading STRING,
  ignition BOOLEAN,
  `timestamp` STRING
) WITH (
  'connector' = 'filesystem',
  'path' = '${input}',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true',
  'json.fail-on-missing-field' = 'false'
);

CREATE TEMPORARY TABLE readings_sink (
  device_id STRING, event_time TIMESTAMP(3), temperature DOUBLE, temperature_fahrenheit DOUBLE,
  humidity DOUBLE, pressure DOUBLE, rssi INT,
  `year` STRING, `month` STRING, `day` STRING, `hour` STRING
) PARTITIONED BY (`year`, `month`, `day`, `hour`) WITH (
  'connector' = 'filesystem', 'path' = '${output}/readings', 'format' = 'parquet',
  'parquet.compression' = 'SNAPPY'
);

CREATE TEMPORARY TABLE breadcrumbs_sink (
  thing_name STRING, event_time TIMESTAMP(3), lat DOUBLE, lon DOUBLE, speed DOUBLE, heading STRING,
  ignition BOOLEAN,
  `year` STRING, `month` STRING, `day` STRING, `hour` STRING
) PARTITIONED BY (`year`, `month`, `day`, `hour`) WITH (
  'connector' = 'filesystem', 'path' = '${output}/breadcrumbs', 'format' = 'parquet',
  'parquet.compression' = 'SNAPPY'
);

CREATE TEMPORARY VIEW messages AS
SELECT *, TO_TIMESTAMP(`timestamp`) AS event_time FROM raw_messages;

EXECUTE STATEMENT SET BEGIN
INSERT INTO readings_sink
SELECT device_id, event_time, temperature, temperature * 9 / 5 + 32, humidity, pressure, rssi,
       DATE_FORMAT(event_time, 'yyyy'), DATE_FORMAT(event_time, 'MM'), DATE_FORMAT(event_time, 'dd'),
       DATE_FORMAT(event_time, 'HH')
FROM messages WHERE device_id IS NOT NULL AND event_time IS NOT NULL;
INSERT INTO breadcrumbs_sink
SELECT thing_name, event_time, lat, lon, speed, heading, ignition,
       DATE_FORMAT(event_time, 'yyyy'), DATE_FORMAT(event_time, 'MM'), DATE_FORMAT(event_time, 'dd'),
       DATE_FORMAT(event_time, 'HH')
FROM messages WHERE thing_name IS NOT NULL AND lat IS NOT NULL AND event_time IS NOT NULL;
END;
