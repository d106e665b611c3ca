package dev.multiproc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class StatsTest {

    @Test
    void median_oddAndEvenSamples_middleOrMeanOfMiddleTwo() {
        assertEquals(3, Stats.of(5L, 1L, 3L).median());
        assertEquals(2.5, Stats.of(4.0, 1.0, 3.0, 2.0).median());
    }

    @Test
    void percentile_interpolatesBetweenRanks() {
        Stats s = Stats.of(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 110.0);
        assertEquals(20, s.percentile(10), 1e-9);
        assertEquals(100, s.percentile(90), 1e-9);
        assertEquals(10, s.min());
        assertEquals(110, s.max());
        assertEquals(11, s.count());
    }

    @Test
    void of_noSamples_throwsIllegalArgument() {
        assertThrows(IllegalArgumentException.class, () -> Stats.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Stats.of(1.0).percentile(101));
    }

    @Test
    void putInto_medianP10P90_namedInOrderAndDivided() {
        Stats s = Stats.of(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 110.0);
        Map<String, Double> f = new LinkedHashMap<>();
        s.putInto(f, "queue_", "ms", 10);
        assertEquals(List.of("queue_median_ms", "queue_p10_ms", "queue_p90_ms"), List.copyOf(f.keySet()));
        assertEquals(List.of(6.0, 2.0, 10.0), List.copyOf(f.values()));
    }

    @Test
    void spread_p10ToP90InTimeUnits() {
        Stats s = Stats.of(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 110.0);
        assertEquals("(" + Units.nanos(20) + " - " + Units.nanos(100) + ")", s.spread());
    }
}
