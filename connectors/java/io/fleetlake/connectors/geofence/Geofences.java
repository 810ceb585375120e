package io.fleetlake.connectors.geofence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * One version of a geofence file: named polygons (longitude = x, latitude = y, as GeoJSON orders
 * them) behind an R-tree, so a position is tested only against the fences whose bounding box holds
 * it.
 */
public final class Geofences {
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private final List<String> names;
    private final STRtree index = new STRtree();
    private final long modificationTime;

    Geofences(List<String> names, List<Geometry> polygons, long modificationTime) {
        this.names = Collections.unmodifiableList(new ArrayList<>(names));
        for (int i = 0; i < polygons.size(); i++) {
            Geometry g = polygons.get(i);
            index.insert(
                    g.getEnvelopeInternal(),
                    new Fence(names.get(i), PreparedGeometryFactory.prepare(g)));
        }
        index.build();
        this.modificationTime = modificationTime;
    }

    /** No fences. */
    public static Geofences empty() {
        return new Geofences(List.of(), List.of(), -1);
    }

    /** The fence names, in file order. */
    public List<String> names() {
        return names;
    }

    public long modificationTime() {
        return modificationTime;
    }

    /** The names of the fences that cover the position (boundary included). */
    public List<String> containing(double lat, double lon) {
        Point p = GEOMETRY.createPoint(new Coordinate(lon, lat));
        List<String> inside = new ArrayList<>(1);
        for (Object o : index.query(p.getEnvelopeInternal())) {
            Fence f = (Fence) o;
            if (f.geometry.covers(p)) {
                inside.add(f.name);
            }
        }
        return inside;
    }

    private static final class Fence {
        final String name;
        final PreparedGeometry geometry;

        Fence(String name, PreparedGeometry geometry) {
            this.name = name;
            this.geometry = geometry;
        }
    }
}
