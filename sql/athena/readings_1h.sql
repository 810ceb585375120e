-- Generated from io.fleetlake.job.lake.LakeTables by AthenaDdl; do not edit by hand.
-- Replace ${LAKE} with the lake root, e.g. s3://my-bucket/fleet. Partitions are registered by
-- the job (Glue group) or with: MSCK REPAIR TABLE `fleetlake`.`readings_1h`;
CREATE EXTERNAL TABLE IF NOT EXISTS `fleetlake`.`readings_1h` (
  `device_id` string COMMENT 'device identity',
  `thing_name` string COMMENT 'AWS IoT thing name, when known',
  `measure` string COMMENT 'measure name (a key of readings.measures, or temperature_fahrenheit)',
  `window_start` timestamp COMMENT 'window start, UTC (inclusive)',
  `window_end` timestamp COMMENT 'window end, UTC (exclusive)',
  `samples` bigint COMMENT 'readings of the measure in the window',
  `min` double COMMENT 'smallest value',
  `max` double COMMENT 'largest value',
  `sum` double COMMENT 'sum of the values (correctly rounded)',
  `avg` double COMMENT 'sum / samples',
  `first_value` double COMMENT 'value at first_time (ties: the smallest)',
  `last_value` double COMMENT 'value at last_time (ties: the largest)',
  `first_time` timestamp COMMENT 'earliest event time',
  `last_time` timestamp COMMENT 'latest event time'
)
PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)
STORED AS PARQUET
LOCATION '${LAKE}/readings_1h/'
TBLPROPERTIES ('classification' = 'parquet', 'parquet.compression' = 'SNAPPY');
