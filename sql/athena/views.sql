-- Fleetlake: the seeds' analyses as Athena views over the lake tables (sql/athena/<table>.sql).
-- Athena engine v3 (Trino) SQL. Partition columns (year, month, day, hour) are UTC, like event_time.

-- Where is the fleet now: each vehicle's latest position in the last 10 minutes (the seed's map of the fleet).
CREATE OR REPLACE VIEW fleetlake.fleet_positions_last_10_minutes AS
SELECT thing_name, device_id, lat, lon, speed, heading, ignition, address, geohash, event_time
FROM (
  SELECT b.*, row_number() OVER (PARTITION BY thing_name ORDER BY event_time DESC) AS rn
  FROM fleetlake.breadcrumbs b
  WHERE year * 1000000 + month * 10000 + day * 100 + hour
          >= CAST(date_format(current_timestamp - INTERVAL '1' HOUR, '%Y%m%d%H') AS integer)
    AND event_time > CAST(current_timestamp AT TIME ZONE 'UTC' AS timestamp) - INTERVAL '10' MINUTE
)
WHERE rn = 1;

-- Trending locations: the geohash cells with the most breadcrumbs per minute (exact TOP-K computed by the job).
CREATE OR REPLACE VIEW fleetlake.trending_locations AS
SELECT window_start, window_end, rank, item AS geohash, item_count AS breadcrumbs
FROM fleetlake.topk
WHERE spec = 'trending_cells';

-- Which drivers are speeding, and how often: breadcrumbs over the vehicle's registry limit (default 90 km/h),
-- per vehicle and hour.
CREATE OR REPLACE VIEW fleetlake.speeding_counts AS
SELECT thing_name,
       date_trunc('hour', event_time) AS hour_start,
       count(*) AS speeding_reports,
       max(speed) AS max_speed,
       coalesce(try_cast(element_at(attributes, 'speed_limit_kmh') AS double), 90.0) AS speed_limit_kmh
FROM fleetlake.breadcrumbs
WHERE speed > coalesce(try_cast(element_at(attributes, 'speed_limit_kmh') AS double), 90.0)
GROUP BY thing_name, date_trunc('hour', event_time),
         coalesce(try_cast(element_at(attributes, 'speed_limit_kmh') AS double), 90.0);

-- Hourly temperature per device in both units (the IoT Analytics "math" activity, aggregated).
CREATE OR REPLACE VIEW fleetlake.hourly_temperature AS
SELECT device_id,
       date_trunc('hour', event_time) AS hour_start,
       count(temperature) AS readings,
       avg(temperature) AS avg_celsius,
       min(temperature) AS min_celsius,
       max(temperature) AS max_celsius,
       avg(temperature_fahrenheit) AS avg_fahrenheit,
       min(temperature_fahrenheit) AS min_fahrenheit,
       max(temperature_fahrenheit) AS max_fahrenheit
FROM fleetlake.readings
WHERE temperature IS NOT NULL
GROUP BY device_id, date_trunc('hour', event_time);

-- Alerts (issue 14). The alerts table has a row when an alert opens and another (same alert_id) when it closes;
-- alerts_latest keeps each alert's latest row.
CREATE OR REPLACE VIEW fleetlake.alerts_latest AS
SELECT alert_id, rule, type, device_id, thing_name, state, opened_at, closed_at, duration_s, value, threshold,
       lat, lon, details
FROM (
  SELECT a.*, row_number() OVER (PARTITION BY alert_id
                                 ORDER BY CASE state WHEN 'closed' THEN 1 ELSE 0 END DESC) AS rn
  FROM fleetlake.alerts a
)
WHERE rn = 1;

-- Alerts open right now (as far as the job has seen: they close with event time).
CREATE OR REPLACE VIEW fleetlake.open_alerts AS
SELECT alert_id, rule, type, device_id, thing_name, opened_at, value, threshold, lat, lon, details
FROM fleetlake.alerts_latest
WHERE state = 'open';

-- The VP's "which drivers are speeding, and how often": speeding episodes per vehicle (driver) and day (UTC) with
-- their total minutes (open episodes count once, without minutes until they close).
CREATE OR REPLACE VIEW fleetlake.speeding_per_driver_per_day AS
SELECT thing_name,
       CAST(opened_at AS date) AS day,
       count(*) AS episodes,
       round(sum(coalesce(duration_s, 0)) / 60.0, 1) AS speeding_minutes,
       max(value) AS max_speed_kmh,
       count_if(state = 'open') AS still_open
FROM fleetlake.alerts_latest
WHERE type = 'speeding'
GROUP BY thing_name, CAST(opened_at AS date);

-- Reefer temperature excursions per truck: how many, how long, how warm.
CREATE OR REPLACE VIEW fleetlake.reefer_excursions_per_truck AS
SELECT coalesce(thing_name, device_id) AS truck,
       count(*) AS excursions,
       round(sum(coalesce(duration_s, 0)) / 60.0, 1) AS excursion_minutes,
       max(value) AS max_temperature_c,
       min(threshold) AS threshold_c,
       max(opened_at) AS last_opened_at,
       count_if(state = 'open') AS still_open
FROM fleetlake.alerts_latest
WHERE type = 'temperature'
GROUP BY coalesce(thing_name, device_id);

-- Rollups (issue 25): a device's measure on a regular one-minute grid over readings_1m, between the series' first
-- and last minute. value: the minute's mean (null where the device sent nothing); locf_value: the last observed
-- minute's mean carried forward; interpolated_value: linear between the observed minutes around the gap. Both stay
-- null once the gap (from the last observed minute, or between the two around it) exceeds 10 minutes; copy the
-- view with another constant for another maximum gap. Filter on device_id, measure and ts: the grid is built per
-- series. The dashboard runs the same SQL in DuckDB (LakeQueries.FILLED_SQL).
CREATE OR REPLACE VIEW fleetlake.readings_1m_filled AS
WITH bounds AS (
  SELECT device_id, measure, min(window_start) AS first_ts, max(window_start) AS last_ts
  FROM fleetlake.readings_1m
  GROUP BY device_id, measure
),
grid AS (
  SELECT b.device_id, b.measure, g.ts
  FROM bounds b
  CROSS JOIN UNNEST(sequence(b.first_ts, b.last_ts, INTERVAL '1' MINUTE)) AS g (ts)
),
observed AS (
  SELECT g.device_id, g.measure, g.ts, r.avg AS value
  FROM grid g
  LEFT JOIN fleetlake.readings_1m r
    ON r.device_id = g.device_id AND r.measure = g.measure AND r.window_start = g.ts
),
around AS (
  SELECT o.*,
         max(CASE WHEN value IS NOT NULL THEN ts END) OVER (PARTITION BY device_id, measure ORDER BY ts
             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS prev_ts,
         last_value(value) IGNORE NULLS OVER (PARTITION BY device_id, measure ORDER BY ts
             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS prev_value,
         min(CASE WHEN value IS NOT NULL THEN ts END) OVER (PARTITION BY device_id, measure ORDER BY ts
             ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_ts,
         first_value(value) IGNORE NULLS OVER (PARTITION BY device_id, measure ORDER BY ts
             ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_value
  FROM observed o
)
SELECT device_id, measure, ts, value,
       CASE WHEN date_diff('minute', prev_ts, ts) <= 10 THEN prev_value END AS locf_value,
       CASE WHEN value IS NOT NULL THEN value
            WHEN date_diff('minute', prev_ts, next_ts) <= 10
              THEN prev_value + (next_value - prev_value)
                   * CAST(date_diff('second', prev_ts, ts) AS double)
                   / CAST(date_diff('second', prev_ts, next_ts) AS double)
       END AS interpolated_value
FROM around;

-- Distance and speeding per vehicle and day (UTC) from breadcrumbs_1m: km driven, minutes moving, minutes above the
-- speeding rule's limit, top speed.
CREATE OR REPLACE VIEW fleetlake.vehicle_days AS
SELECT thing_name,
       CAST(window_start AS date) AS day,
       round(sum(distance_km), 3) AS distance_km,
       round(sum(moving_s) / 60.0, 1) AS moving_minutes,
       round(sum(coalesce(speeding_s, 0)) / 60.0, 1) AS speeding_minutes,
       max(max_speed) AS max_speed_kmh
FROM fleetlake.breadcrumbs_1m
GROUP BY thing_name, CAST(window_start AS date);
