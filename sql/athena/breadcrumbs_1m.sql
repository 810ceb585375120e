-- Generated from io.fleetlake.job.lake.LakeTables by AthenaDdl; do not edit by hand.
-- Replace ${LAKE} with the lake root, e.g. s3://my-bucket/fleet. Partitions are registered by
-- the job (Glue group) or with: MSCK REPAIR TABLE `fleetlake`.`breadcrumbs_1m`;
CREATE EXTERNAL TABLE IF NOT EXISTS `fleetlake`.`breadcrumbs_1m` (
  `thing_name` string COMMENT 'AWS IoT thing name',
  `device_id` string COMMENT 'device identity of the window''s last position',
  `window_start` timestamp COMMENT 'window start, UTC (inclusive)',
  `window_end` timestamp COMMENT 'window end, UTC (exclusive)',
  `samples` bigint COMMENT 'positions in the window',
  `distance_km` double COMMENT 'haversine km (R 6371.0088) of segments ending in the window',
  `max_speed` double COMMENT 'highest reported speed, km/h',
  `avg_speed` double COMMENT 'mean reported speed, km/h',
  `moving_s` double COMMENT 'seconds moving (speed >= 1 km/h), segments ending in the window',
  `speeding_s` double COMMENT 'seconds above the speeding rule''s limit (null: no rule)',
  `first_lat` double COMMENT 'latitude of the first position',
  `first_lon` double COMMENT 'longitude of the first position',
  `last_lat` double COMMENT 'latitude of the last position',
  `last_lon` double COMMENT 'longitude of the last position'
)
PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)
STORED AS PARQUET
LOCATION '${LAKE}/breadcrumbs_1m/'
TBLPROPERTIES ('classification' = 'parquet', 'parquet.compression' = 'SNAPPY');
