-- Fleetlake TOP-K for one spec: Flink's Window Top-N (TUMBLE window TVF, window aggregation, ROW_NUMBER over
-- the window). Exact counts per event-time window, ties by count descending then item ascending.
-- It replaces Kinesis Data Analytics' approximate TOP_K_ITEMS_TUMBLING.
-- Placeholders, filled from the spec (TopK.specs): ${spec} ${table} ${item} ${filter} ${window_seconds} ${k}
SELECT window_start, window_end, '${spec}' AS spec, CAST(rownum AS INT) AS item_rank, item, item_count
FROM (
  SELECT window_start, window_end, item, item_count,
         ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY item_count DESC, item ASC) AS rownum
  FROM (
    SELECT window_start, window_end, CAST(${item} AS STRING) AS item, COUNT(*) AS item_count
    FROM TABLE(TUMBLE(TABLE ${table}, DESCRIPTOR(rowtime), INTERVAL '${window_seconds}' SECOND(4)))
    WHERE (${filter}) AND (${item}) IS NOT NULL
    GROUP BY window_start, window_end, CAST(${item} AS STRING)
  )
)
WHERE rownum <= ${k}
