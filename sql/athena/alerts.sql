-- Generated from io.fleetlake.job.lake.LakeTables by AthenaDdl; do not edit by hand.
-- Replace ${LAKE} with the lake root, e.g. s3://my-bucket/fleet. Partitions are registered by
-- the job (Glue group) or with: MSCK REPAIR TABLE `fleetlake`.`alerts`;
CREATE EXTERNAL TABLE IF NOT EXISTS `fleetlake`.`alerts` (
  `alert_id` string COMMENT 'deterministic id of (rule, device, opened_at)',
  `rule` string COMMENT 'rule name (geofence: rule/fence)',
  `type` string COMMENT 'speeding, temperature, silent or geofence',
  `device_id` string COMMENT 'device identity',
  `thing_name` string COMMENT 'AWS IoT thing name, when known',
  `state` string COMMENT 'open or closed',
  `opened_at` timestamp COMMENT 'event time the episode started, UTC',
  `closed_at` timestamp COMMENT 'event time it ended, UTC (null while open)',
  `duration_s` double COMMENT 'closed_at - opened_at in seconds (null while open)',
  `value` double COMMENT 'peak value (km/h, degrees); null for silent and geofence',
  `threshold` double COMMENT 'threshold in effect (registry attribute or rule)',
  `lat` double COMMENT 'latitude at the start (last known position)',
  `lon` double COMMENT 'longitude at the start (last known position)',
  `details` map<string,string> COMMENT 'rule-specific detail (fence, measure, ...)'
)
PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)
STORED AS PARQUET
LOCATION '${LAKE}/alerts/'
TBLPROPERTIES ('classification' = 'parquet', 'parquet.compression' = 'SNAPPY');
