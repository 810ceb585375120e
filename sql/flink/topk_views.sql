-- Fleetlake TOP-K: the views a TOP-K spec's item and filter expressions are written against.
-- breadcrumbs_input / readings_input are the job's enriched streams, with `rowtime` the event time
-- (a watermarked time attribute). Well-known registry attributes are exposed as typed columns; any other
-- attribute is attributes['name']. Quote reserved words with backticks in specs (`model`).

CREATE TEMPORARY VIEW breadcrumbs AS
SELECT
  thing_name, device_id, topic, geohash, lat, lon, speed, heading, ignition, address, attributes, origin,
  attributes['model']                                  AS `model`,
  attributes['owner']                                  AS `owner`,
  attributes['vehicle_type']                           AS `vehicle_type`,
  TRY_CAST(attributes['speed_limit_kmh'] AS DOUBLE)    AS `speed_limit_kmh`,
  TRY_CAST(attributes['max_temp_c'] AS DOUBLE)         AS `max_temp_c`,
  rowtime
FROM breadcrumbs_input;

CREATE TEMPORARY VIEW readings AS
SELECT
  device_id, thing_name, topic, temperature, temperature_fahrenheit, humidity, pressure, `measures`, attributes, origin,
  attributes['location']                               AS `location`,
  attributes['model']                                  AS `model`,
  attributes['owner']                                  AS `owner`,
  attributes['vehicle_type']                           AS `vehicle_type`,
  TRY_CAST(attributes['speed_limit_kmh'] AS DOUBLE)    AS `speed_limit_kmh`,
  TRY_CAST(attributes['max_temp_c'] AS DOUBLE)         AS `max_temp_c`,
  rowtime
FROM readings_input;
