package io.fleetlake.connectors.geofence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GeoJSON fences: parsing, point-in-polygon with holes, and reloads that keep the last good
 * version.
 */
class ReloadingGeofencesTest {
    @TempDir Path dir;

    private static String square(String name, double lon0, double lat0, double size) {
        return "{\"type\":\"Feature\",\"properties\":{\"name\":\""
                + name
                + "\"},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[["
                + lon0
                + ","
                + lat0
                + "],["
                + (lon0 + size)
                + ","
                + lat0
                + "],["
                + (lon0 + size)
                + ","
                + (lat0 + size)
                + "],["
                + lon0
                + ","
                + (lat0 + size)
                + "],["
                + lon0
                + ","
                + lat0
                + "]]]}}";
    }

    private Path write(String content, long modifiedSeconds) throws IOException {
        Path f = dir.resolve("fences.geojson");
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, FileTime.fromMillis(modifiedSeconds * 1000));
        return f;
    }

    @Test
    void readsPolygonsWithHolesAndMultiPolygons() throws Exception {
        String withHole =
                "{\"type\":\"Feature\",\"id\":\"ring\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":["
                        + "[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}}";
        String multi =
                "{\"type\":\"Feature\",\"properties\":{\"name\":\"two\"},\"geometry\":{\"type\":\"MultiPolygon\","
                        + "\"coordinates\":[[[[20,20],[21,20],[21,21],[20,21],[20,20]]],[[[30,30],[31,30],[31,31],[30,31],"
                        + "[30,30]]]]}}";
        Path f =
                write(
                        "{\"type\":\"FeatureCollection\",\"features\":["
                                + withHole
                                + ","
                                + multi
                                + "]}",
                        1000);
        Geofences g = new GeofenceFile(f.toString()).read();
        assertThat(g.names()).containsExactly("ring", "two");
        assertThat(g.containing(1, 1)).containsExactly("ring");
        assertThat(g.containing(5, 5)).as("inside the hole").isEmpty();
        assertThat(g.containing(0, 5)).as("on the boundary").containsExactly("ring");
        assertThat(g.containing(30.5, 30.5)).containsExactly("two");
        assertThat(g.containing(25, 25)).isEmpty();
    }

    @Test
    void badFilesFailNamingTheFence() throws Exception {
        Path f =
                write(
                        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                                + "{\"name\":\"pin\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}]}",
                        1000);
        assertThatThrownBy(() -> new GeofenceFile(f.toString()).read())
                .hasMessageContaining("'pin' is a Point");
        write(
                "{\"type\":\"FeatureCollection\",\"features\":["
                        + square("a", 0, 0, 1)
                        + ","
                        + square("a", 5, 5, 1)
                        + "]}",
                1000);
        assertThatThrownBy(() -> new GeofenceFile(f.toString()).read())
                .hasMessageContaining("'a' used twice");
    }

    @Test
    void reloadsAChangedFileAndKeepsTheLastGoodVersion() throws Exception {
        Path f =
                write(
                        "{\"type\":\"FeatureCollection\",\"features\":["
                                + square("yard", 0, 0, 1)
                                + "]}",
                        1000);
        try (ReloadingGeofences fences = new ReloadingGeofences(new GeofenceFile(f.toString()))) {
            fences.start(Duration.ZERO);
            assertThat(fences.current().containing(0.5, 0.5)).containsExactly("yard");
            assertThat(fences.reloadIfChanged()).as("unchanged").isFalse();

            write(
                    "{\"type\":\"FeatureCollection\",\"features\":["
                            + square("depot", 5, 5, 1)
                            + "]}",
                    2000);
            assertThat(fences.reloadIfChanged()).isTrue();
            assertThat(fences.current().names()).containsExactly("depot");

            write("{\"type\":\"FeatureCollection\",\"features\":[", 3000);
            assertThat(fences.reloadIfChanged()).isFalse();
            assertThat(fences.current().names())
                    .as("broken file: previous version stays")
                    .containsExactly("depot");
        }
    }
}
