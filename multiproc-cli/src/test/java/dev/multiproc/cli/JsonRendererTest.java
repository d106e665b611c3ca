package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class JsonRendererTest {

    @Test
    void render_sampleReport_parsesWithEveryRowAndEngine() {
        Map<?, ?> json = (Map<?, ?>) JsonCheck.parse(new JsonRenderer().render(SampleReports.sample()));
        assertEquals("quick", json.get("mode"));
        assertEquals(2.0, ((Map<?, ?>) json.get("machine")).get("cores"));
        assertEquals(Engine.values().length, ((List<?>) json.get("engines")).size());
        List<?> rows = (List<?>) json.get("rows");
        assertEquals(2, rows.size());
        Map<?, ?> cells = (Map<?, ?>) ((Map<?, ?>) rows.getFirst()).get("cells");
        for (Engine e : Engine.values()) {
            Map<?, ?> figures = (Map<?, ?>) ((Map<?, ?>) cells.get(e.id())).get("figures");
            assertEquals(0.5 + e.ordinal(), figures.get("median_ms"));
            assertNull(figures.get("odd"), "NaN must become null");
        }
    }

    @Test
    void quote_specialCharacters_roundTrip() {
        String nasty = "a \"quoted\" \\ path\nnew line\ttab \u0001 control";
        assertEquals(nasty, JsonCheck.parse(JsonRenderer.quote(nasty)));
    }

    @Test
    void number_values_areJsonNumbers() {
        assertEquals("0.123457", JsonRenderer.number(0.1234567));
        assertEquals("100000", JsonRenderer.number(100_000));
        assertEquals("null", JsonRenderer.number(Double.POSITIVE_INFINITY));
    }

    @Test
    void jsonCheck_brokenText_throws() {
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse("{\"a\": 1,}"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse("{\"a\": \"x\ny\"}"));
        assertThrows(IllegalArgumentException.class, () -> JsonCheck.parse("[1] 2"));
    }
}
