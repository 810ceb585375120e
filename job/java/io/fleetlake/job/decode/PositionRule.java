package io.fleetlake.job.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlake.job.model.DeadLetterReason;

/**
 * The position of a document: {@code location.{lat,lon}}, or {@code lat/lon} / {@code
 * latitude/longitude} in the body. A position field that does not give a numeric latitude in [-90,
 * 90] and longitude in [-180, 180] is {@link DeadLetterReason#BAD_POSITION}.
 */
final class PositionRule {
    private PositionRule() {}

    /** A valid position. */
    static final class Position {
        final double lat;
        final double lon;

        Position(double lat, double lon) {
            this.lat = lat;
            this.lon = lon;
        }
    }

    /** The body's position, or null when it has no position field. */
    static Position of(JsonFields body) {
        JsonNode location = body.get("location");
        Double lat;
        Double lon;
        if (location != null && location.isObject()) {
            lat = Numbers.asDouble(firstPresent(location, FieldNames.LATITUDE));
            lon = Numbers.asDouble(firstPresent(location, FieldNames.LONGITUDE));
        } else if (body.get("lat") != null
                || body.get("latitude") != null
                || body.get("lon") != null
                || body.get("longitude") != null) {
            lat = Numbers.asDouble(body.firstPresent(FieldNames.LATITUDE));
            lon = Numbers.asDouble(body.firstPresent(FieldNames.LONGITUDE));
        } else {
            return null;
        }
        if (lat == null || lon == null || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
            throw new Rejected(
                    DeadLetterReason.BAD_POSITION,
                    "position needs numeric lat in [-90,90] and lon in [-180,180], got "
                            + (location != null && location.isObject()
                                    ? location
                                    : "lat=" + lat + " lon=" + lon));
        }
        return new Position(lat, lon);
    }

    private static JsonNode firstPresent(JsonNode node, Iterable<String> names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }
}
