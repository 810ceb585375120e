package io.fleetlake.job.topk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlake.job.model.Breadcrumb;
import io.fleetlake.job.model.Reading;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopKExpressionTest {
    static Breadcrumb crumb() {
        Breadcrumb b = new Breadcrumb();
        b.thingName = "truck1";
        b.speed = 95.0;
        b.ignition = true;
        b.geohash = "c20g8x";
        b.attributes =
                new HashMap<>(
                        Map.of("speed_limit_kmh", "100", "model", "Actros", "plate", "AB 12"));
        return b;
    }

    static TopKExpression<Breadcrumb> crumbs(String text) {
        return TopKExpression.parse(text, TopKColumns.BREADCRUMBS);
    }

    @Test
    void filtersFollowSqlComparisonsAndNullLogic() {
        Breadcrumb b = crumb();
        assertThat(crumbs("speed > COALESCE(speed_limit_kmh, 90)").test(b)).isFalse();
        b.attributes.remove("speed_limit_kmh");
        assertThat(crumbs("speed > COALESCE(speed_limit_kmh, 90)").test(b)).isTrue();
        assertThat(crumbs("thing_name = 'truck1' AND ignition").test(b)).isTrue();
        assertThat(crumbs("thing_name <> 'truck1' OR NOT ignition").test(b)).isFalse();
        assertThat(crumbs("`model` IN ('Actros', 'Arocs') AND thing_name LIKE 'tr%1'").test(b))
                .isTrue();
        assertThat(crumbs("speed BETWEEN 90 AND 100 AND speed * 2 >= 190.0 AND -speed < 0").test(b))
                .isTrue();
        assertThat(
                        crumbs(
                                        "attributes['plate'] = 'AB 12' AND heading IS NULL AND geohash IS NOT NULL")
                                .test(b))
                .isTrue();
        // Comparing with NULL is NULL, and NOT NULL is NULL: neither passes.
        assertThat(crumbs("heading = 'N'").eval(b)).isNull();
        assertThat(crumbs("NOT (heading = 'N')").test(b)).isFalse();
        assertThat(crumbs("heading = 'N' OR TRUE").test(b)).isTrue();
        assertThat(crumbs("heading = 'N' AND FALSE").eval(b)).isEqualTo(false);
        assertThat(crumbs("speed_limit_kmh NOT IN (1, NULL)").eval(b)).isNull();
    }

    @Test
    void itemsAreCastToStringsAsFlinkSqlDoes() {
        Breadcrumb b = crumb();
        assertThat(crumbs("thing_name").item(b)).isEqualTo("truck1");
        assertThat(crumbs("UPPER(thing_name) || '/' || LOWER(`model`)").item(b))
                .isEqualTo("TRUCK1/actros");
        assertThat(crumbs("speed").item(b)).isEqualTo("95.0");
        assertThat(crumbs("CAST(speed AS INT)").item(b)).isEqualTo("95");
        assertThat(crumbs("ignition").item(b)).isEqualTo("TRUE");
        assertThat(crumbs("TRY_CAST(attributes['plate'] AS DOUBLE)").item(b)).isNull();
        assertThat(crumbs("address").item(b)).isNull();
        b.origin = "part-0.json:1234";
        assertThat(
                        crumbs(
                                        "CAST(MOD(CAST(SPLIT_INDEX(origin, ':', 1) AS BIGINT), 1000) AS STRING)")
                                .item(b))
                .isEqualTo("234");
        Reading r = new Reading();
        r.attributes = Map.of("location", "site-a");
        r.measures = Map.of("rpm", 1200.0);
        assertThat(TopKExpression.parse("location", TopKColumns.READINGS).item(r))
                .isEqualTo("site-a");
        assertThat(TopKExpression.parse("measures['rpm'] > 1000", TopKColumns.READINGS).test(r))
                .isTrue();
    }

    @Test
    void badExpressionsFailWithWhereAndWhat() {
        assertThatThrownBy(() -> crumbs("speed >"))
                .hasMessageContaining("expected an expression at position 8");
        assertThatThrownBy(() -> crumbs("plate = 'x'"))
                .hasMessageContaining("unknown column 'plate'")
                .hasMessageContaining("thing_name");
        assertThatThrownBy(() -> crumbs("FOO(speed)")).hasMessageContaining("unknown function FOO");
        assertThatThrownBy(() -> crumbs("speed > 1 speed"))
                .hasMessageContaining("expected the end");
        assertThatThrownBy(() -> crumbs("thing_name = 'x")).hasMessageContaining("closing quote");
        assertThatThrownBy(() -> TopKExpression.parse("location", TopKColumns.BREADCRUMBS))
                .hasMessageContaining("unknown column 'location'");
    }
}
