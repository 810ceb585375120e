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
