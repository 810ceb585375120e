package io.fleetlake.connectors.geofence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetlake.connectors.files.ReloadingFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Reads a GeoJSON geofence file through Flink's file systems (local disk, {@code s3://}), as the
 * device registry is read: a {@code FeatureCollection} (or a single {@code Feature}) of {@code
 * Polygon}/{@code MultiPolygon} features, each named by its {@code properties.name} (else its
 * {@code id}). A file that does not parse, a feature of another geometry type, an invalid polygon
 * or a duplicate name fails the whole read: the caller keeps the previous version.
 */
public final class GeofenceFile implements Serializable, ReloadingFile.Reader<Geofences> {
    private static final long serialVersionUID = 1L;
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final String path;

    public GeofenceFile(String path) {
        this.path = path;
    }

    @Override
    public String path() {
        return path;
    }

    /** The file's modification time, for change detection. */
    @Override
    public long modificationTime() throws IOException {
        Path p = new Path(path);
        return p.getFileSystem().getFileStatus(p).getModificationTime();
    }

    /** Reads and parses the whole file. */
    @Override
    public Geofences read() throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem();
        long modified = fs.getFileStatus(p).getModificationTime();
        JsonNode root;
        try (InputStream in = fs.open(p)) {
            root = new ObjectMapper().readTree(in);
        }
        List<JsonNode> features = new ArrayList<>();
        String type = root == null ? null : root.path("type").asText();
        if ("FeatureCollection".equals(type)) {
            root.path("features").forEach(features::add);
        } else if ("Feature".equals(type)) {
            features.add(root);
        } else {
            throw new IOException(
                    "geofences " + path + ": expected a GeoJSON FeatureCollection or Feature");
        }
        List<String> names = new ArrayList<>();
        List<Geometry> polygons = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            JsonNode f = features.get(i);
            String name = f.path("properties").path("name").asText(null);
            if (name == null || name.isEmpty()) {
                name = f.path("id").asText(null);
            }
            if (name == null || name.isEmpty()) {
                throw new IOException(
                        "geofences " + path + ": feature " + i + " has no properties.name or id");
            }
            if (!seen.add(name)) {
                throw new IOException(
                        "geofences " + path + ": fence name '" + name + "' used twice");
            }
            Geometry g = geometry(f.path("geometry"), name);
            if (!g.isValid()) {
                throw new IOException(
                        "geofences " + path + ": fence '" + name + "' is not a valid polygon");
            }
            names.add(name);
            polygons.add(g);
        }
        return new Geofences(names, polygons, modified);
    }

    private Geometry geometry(JsonNode g, String name) throws IOException {
        String type = g.path("type").asText();
        JsonNode coords = g.path("coordinates");
        if ("Polygon".equals(type)) {
            return polygon(coords, name);
        }
        if ("MultiPolygon".equals(type)) {
            Polygon[] parts = new Polygon[coords.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = polygon(coords.get(i), name);
            }
            return GEOMETRY.createMultiPolygon(parts);
        }
        throw new IOException(
                "geofences "
                        + path
                        + ": fence '"
                        + name
                        + "' is a "
                        + type
                        + "; only Polygon and MultiPolygon are fences");
    }

    private Polygon polygon(JsonNode rings, String name) throws IOException {
        if (!rings.isArray() || rings.size() == 0) {
            throw new IOException("geofences " + path + ": fence '" + name + "' has no rings");
        }
        LinearRing shell = ring(rings.get(0), name);
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), name);
        }
        return GEOMETRY.createPolygon(shell, holes);
    }

    private LinearRing ring(JsonNode positions, String name) throws IOException {
        Coordinate[] c = new Coordinate[positions.size()];
        for (int i = 0; i < c.length; i++) {
            JsonNode pos = positions.get(i);
            if (!pos.isArray()
                    || pos.size() < 2
                    || !pos.get(0).isNumber()
                    || !pos.get(1).isNumber()) {
                throw new IOException(
                        "geofences " + path + ": fence '" + name + "' has a bad position " + pos);
            }
            c[i] = new Coordinate(pos.get(0).asDouble(), pos.get(1).asDouble());
        }
        try {
            return GEOMETRY.createLinearRing(c);
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "geofences " + path + ": fence '" + name + "': " + e.getMessage(), e);
        }
    }
}
