-- Generated from io.fleetlake.job.lake.LakeTables by AthenaDdl; do not edit by hand.
-- Replace ${LAKE} with the lake root, e.g. s3://my-bucket/fleet. Partitions are registered by
-- the job (Glue group) or with: MSCK REPAIR TABLE `fleetlake`.`breadcrumbs`;
CREATE EXTERNAL TABLE IF NOT EXISTS `fleetlake`.`breadcrumbs` (
  `thing_name` string COMMENT 'AWS IoT thing name (else the device id)',
  `topic` string COMMENT 'MQTT topic the message was published on',
  `event_time` timestamp COMMENT 'event time, UTC',
  `lat` double COMMENT 'latitude, WGS84 degrees',
  `lon` double COMMENT 'longitude, WGS84 degrees',
  `speed` double COMMENT 'speed as reported (km/h)',
  `heading` string COMMENT 'heading as reported (e.g. S, NE)',
  `ignition` boolean COMMENT 'ignition on',
  `address` string COMMENT 'address as reported',
  `shadow_version` bigint COMMENT 'device shadow version',
  `device_id` string COMMENT 'device identity',
  `attributes` map<string,string> COMMENT 'registry attributes',
  `source` string COMMENT 'simulator, file, kinesis or mqtt',
  `origin` string COMMENT 'file:line, topic, or stream/shard/sequence',
  `geohash` string COMMENT 'geohash cell of the position'
)
PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)
STORED AS PARQUET
LOCATION '${LAKE}/breadcrumbs/'
TBLPROPERTIES ('classification' = 'parquet', 'parquet.compression' = 'SNAPPY');
