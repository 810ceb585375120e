-- Generated from io.fleetlake.job.lake.LakeTables by AthenaDdl; do not edit by hand.
-- Replace ${LAKE} with the lake root, e.g. s3://my-bucket/fleet. Partitions are registered by
-- the job (Glue group) or with: MSCK REPAIR TABLE `fleetlake`.`dead_letter`;
CREATE EXTERNAL TABLE IF NOT EXISTS `fleetlake`.`dead_letter` (
  `received_at` timestamp COMMENT 'when the source received it, UTC',
  `source` string COMMENT 'simulator, file, kinesis or mqtt',
  `origin` string COMMENT 'file:line, topic, or stream/shard/sequence',
  `reason` string COMMENT 'why it could not be read, with detail',
  `payload` string COMMENT 'the message (base64 when not UTF-8)',
  `reason_code` string COMMENT 'stable reason code, e.g. not_json',
  `payload_encoding` string COMMENT 'utf8 or base64'
)
PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)
STORED AS PARQUET
LOCATION '${LAKE}/dead_letter/'
TBLPROPERTIES ('classification' = 'parquet', 'parquet.compression' = 'SNAPPY');
