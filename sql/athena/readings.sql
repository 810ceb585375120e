-- Generated from io.fleetlake.job.lake.LakeTables by AthenaDdl; do not edit by hand.
-- Replace ${LAKE} with the lake root, e.g. s3://my-bucket/fleet. Partitions are registered by
-- the job (Glue group) or with: MSCK REPAIR TABLE `fleetlake`.`readings`;
CREATE EXTERNAL TABLE IF NOT EXISTS `fleetlake`.`readings` (
  `device_id` string COMMENT 'device identity: payload id, else topic, else thing name',
  `thing_name` string COMMENT 'AWS IoT thing name (topic(3) of $aws/things/...)',
  `topic` string COMMENT 'MQTT topic the message was published on',
  `event_time` timestamp COMMENT 'event time, UTC',
  `temperature` double COMMENT 'degrees Celsius',
  `temperature_fahrenheit` double COMMENT 'temperature * 9 / 5 + 32',
  `humidity` double COMMENT 'relative humidity, percent',
  `pressure` double COMMENT 'pressure as sent',
  `measures` map<string,double> COMMENT 'every numeric measure as received',
  `attributes` map<string,string> COMMENT 'other scalar fields of the message and registry attributes',
  `source` string COMMENT 'simulator, file, kinesis or mqtt',
  `origin` string COMMENT 'file:line, topic, or stream/shard/sequence'
)
PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)
STORED AS PARQUET
LOCATION '${LAKE}/readings/'
TBLPROPERTIES ('classification' = 'parquet', 'parquet.compression' = 'SNAPPY');
