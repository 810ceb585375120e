package io.fleetlake.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatJsonObjectTest {
    private final ObjectReader reader = new ObjectMapper().readerFor(JsonNode.class);

    private ShadowEnvelope read(String json) {
        return FlatJsonObject.read(reader, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void flatObjectKeepsOrderAndJacksonsScalarTypesWithoutATree() {
        ShadowEnvelope d =
                read(
                        " {\"i\":1,\"l\":12345678901,\"b\":123456789012345678901234,\"d\":1.5,\"s\":\"x\","
                                + "\"t\":true,\"n\":null,\"version\":4} ");
        assertThat(d.body).isInstanceOf(FlatJsonObject.class).isSameAs(d.root);
        List<String> names = new ArrayList<>();
        d.body.forEach((n, v) -> names.add(n + ":" + v.getNodeType() + ":" + v.numberType()));
        assertThat(names)
                .containsExactly(
                        "i:NUMBER:INT",
                        "l:NUMBER:LONG",
                        "b:NUMBER:BIG_INTEGER",
                        "d:NUMBER:DOUBLE",
                        "s:STRING:null",
                        "t:BOOLEAN:null",
                        "n:NULL:null",
                        "version:NUMBER:INT");
        assertThat(d.body.get("s").asText()).isEqualTo("x");
        assertThat(d.body.get("missing")).isNull();
        assertThat(d.version).isEqualTo(4L);
    }

    @Test
    void nestedValuesContinueIntoATreeInTheSamePass() throws Exception {
        String json =
                "{\"thetopic\":\"t\",\"a\":1,\"current\":{\"state\":{\"reported\":{\"lat\":1}},\"version\":5},"
                        + "\"a\":2,\"x\":1e400,\"ts\":3}";
        ShadowEnvelope d = read(json);
        assertThat(d.isEnvelope()).isTrue();
        assertThat(d.version).isEqualTo(5L);
        assertThat(((TreeFields) d.root).node).isEqualTo(reader.readTree(json));
        assertThat(((TreeFields) d.root).node.get("a").asInt())
                .as("the last of a repeated name")
                .isEqualTo(2);
        assertThat(read("{\"a\":1,\"a\":2}").body).isInstanceOf(TreeFields.class);
    }

    @Test
    void everythingElseIsLeftToTheGeneralPath() {
        for (String json :
                new String[] {
                    "{\"a\":1}{\"a\":2}",
                    "{\"a\":1}\n{}",
                    "{\"a\":{\"b\":1}}{}",
                    "{\"a\":",
                    "{\"a\":[1,",
                    "[1]",
                    "42",
                    "{\"a\":1} x",
                    ""
                }) {
            assertThat(read(json)).as(json).isNull();
        }
        assertThat(read("{}")).isNotNull();
    }
}
