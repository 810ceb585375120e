-- Generated from io.fleetlake.job.lake.LakeTables by AthenaDdl; do not edit by hand.
-- Replace ${LAKE} with the lake root, e.g. s3://my-bucket/fleet. Partitions are registered by
-- the job (Glue group) or with: MSCK REPAIR TABLE `fleetlake`.`topk`;
CREATE EXTERNAL TABLE IF NOT EXISTS `fleetlake`.`topk` (
  `window_start` timestamp COMMENT 'window start, UTC (inclusive)',
  `window_end` timestamp COMMENT 'window end, UTC (exclusive)',
  `spec` string COMMENT 'TOP-K spec name',
  `rank` int COMMENT '1 = most frequent; ties by count desc, then item asc',
  `item` string COMMENT 'the item value',
  `item_count` bigint COMMENT 'exact occurrences in the window'
)
PARTITIONED BY (`year` int, `month` int, `day` int, `hour` int)
STORED AS PARQUET
LOCATION '${LAKE}/topk/'
TBLPROPERTIES ('classification' = 'parquet', 'parquet.compression' = 'SNAPPY');
