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
