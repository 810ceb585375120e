package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatJsonObjectTest {
    private final JsonFactory factory = new JsonFactory();

    private FlatJsonObject parse(String json) {
        return FlatJsonObject.parse(factory, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void flatObjectKeepsOrderAndJacksonsScalarTypes() {
        FlatJsonObject o = parse(" {\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234,\"d\":1.5,\"s\":\"x\","
                + "\"t\":true,\"n\":null} ");
        List<String> names = new ArrayList<>();
        o.forEach((n, v) -> names.add(n + ":" + v.getNodeType() + ":" + v.numberType()));
        assertThat(names).containsExactly("i:NUMBER:INT", "l:NUMBER:LONG", "b:NUMBER:BIG_INTEGER",
                "d:NUMBER:DOUBLE", "s:STRING:null", "t:BOOLEAN:null", "n:NULL:null");
        assertThat(o.get("s").asText()).isEqualTo("x");
        assertThat(o.get("missing")).isNull();
    }

    @Test
    void everythingElseIsLeftToTheTree() {
        for (String json : new String[] {"{\"a\":{\"b\":1}}", "{\"a\":[1]}", "{\"a\":1}{\"a\":2}", "{\"a\":1}\n{}",
            "{\"a\":1,\"a\":2}", "{\"a\":", "[1]", "42", "{\"a\":1e400}", "{\"a\":1} x"}) {
            assertThat(parse(json)).as(json).isNull();
        }
        assertThat(parse("{}")).isNotNull();
    }
}
